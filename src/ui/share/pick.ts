import type { AppStore } from '../../store';

/** Opens the browser's file picker; the chosen file goes to `open`. */
export function pickFile(store: AppStore, open: (store: AppStore, f: File) => Promise<unknown>): void {
  const input = document.createElement('input');
  input.type = 'file';
  input.accept = '.scn,.txt,.svg,.png,text/plain,image/svg+xml,image/png';
  input.className = 'file-input';
  input.hidden = true;
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    input.remove();
    if (f) void open(store, f);
  });
  document.body.append(input);
  input.click();
}
