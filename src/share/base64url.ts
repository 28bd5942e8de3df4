/** base64url without padding (RFC 4648 §5), for bytes in URLs. Pure. */
export function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on anything but base64url (or plain base64) characters. */
export function fromBase64Url(s: string): Uint8Array {
  if (!/^[A-Za-z0-9_\-+/]*={0,2}$/.test(s) || s.replace(/=+$/, '').length % 4 === 1) throw new Error('not base64url');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
