/**
 * The fuzz stage (issue 24): seeded fast-check runs over `.scn` text, share links and opened
 * files. Nothing may throw a JavaScript exception, take more than CASE_MS, or keep more than
 * HEAP_MB of heap growth. Errors are values: a scenario's carry a line number, a link's and a
 * file's a message. Seed and runs: FUZZ_SEED / FUZZ_RUNS (defaults below); a failure prints
 * the seed and the shrunk case. How to reproduce: docs/testing.md, "Fuzzing".
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DESIGN_IDS } from '../../src/core';
import { mailReport } from '../../src/report/mail';
import { checkScenario, formatReport, parseScenario } from '../../src/scn';
import { decodeShare, encodeShare, openFile } from '../../src/share';

const SEED = Number(process.env.FUZZ_SEED ?? 20261206);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** Per case, generous for a loaded 2-core machine: the cases are at most a few hundred lines. */
const CASE_MS = 3000;
const HEAP_MB = 256;
console.log(`fuzz: seed ${SEED}, ${RUNS} runs per property (FUZZ_SEED, FUZZ_RUNS to change)`);

/** Runs `f`, asserting it returns within CASE_MS and does not grow the heap beyond HEAP_MB. */
async function bounded<T>(f: () => T | Promise<T>): Promise<T> {
  const heap = process.memoryUsage().heapUsed;
  const t = performance.now();
  const r = await f();
  const ms = performance.now() - t;
  expect(ms, `case took ${Math.round(ms)} ms`).toBeLessThan(CASE_MS);
  expect((process.memoryUsage().heapUsed - heap) / 2 ** 20, 'heap growth (MB)').toBeLessThan(HEAP_MB);
  return r;
}

const name = fc.constantFrom('P1', 'P2', 'm1', 'D', 'C', 'G_P1', 'dma(G_P1)', 'identity', 'X', '');
const num = fc.oneof(fc.constantFrom('0', '0x1000', '0x200000', '1', '3', '-1', '0xffffffffffffffff', '1e3', '99999999999999999999'), fc.nat().map(String));
const fn = fc.constantFrom(
  'iommu_domain_alloc', 'iommu_domain_free', 'iommu_attach_device', 'iommu_detach_device', 'iommu_aux_attach_device',
  'iommu_aux_detach_device', 'iommu_aux_get_pasid', 'iommu_dev_enable_feature', 'iommu_dev_disable_feature',
  'iommu_map', 'iommu_unmap', 'iommu_iova_to_phys', 'iommu_attach_group', 'iommu_detach_group', 'vfio_attach_group',
  'vfio_detach_group', 'nonexistent_fn',
);
const stmt = fc.oneof(
  fc.tuple(fn, fc.array(fc.oneof(name, num, fc.constantFrom('pci', 'IOMMU_DEV_FEAT_AUX', 'IOMMU_READ|IOMMU_WRITE')), { maxLength: 6 }), fc.option(fc.constantFrom('0', '-EBUSY', 'void', 'OOPS', '0 +WARN', '0 @driver-map | -EINVAL')))
    .map(([f, args, exp]) => `${f}(${args.join(', ')})${exp === null ? '' : ` => ${exp}`}`),
  fc.tuple(fc.constantFrom('D', 'D2', 'x'), fn, name).map(([b, f, a]) => `${b} = ${f}(${a})`),
  fc.tuple(fc.constantFrom('pci', 'mdev', 'container', 'iommu'), name, fc.constantFrom('', 'pasids=8 siov', 'parent=P1', 'group=G1', 'scalable=off', 'passthrough', 'pasids=x')).map((p) => p.join(' ')),
  fc.constantFrom('iommu vtd', 'pci P1 pasids=1048576 siov', 'pci P2 pasids=8 siov', 'mdev m1 parent=P1 iommu', 'container C', 'show D', 'show P1', 'check D => C.d0', '# a note', '## step'),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const header = fc.option(fc.subarray([...DESIGN_IDS], { minLength: 1 }).map((ds) => `design: ${ds.join(', ')}`));
const scenario = fc.tuple(header, fc.array(stmt, { maxLength: 40 })).map(([h, lines]) => [...(h ? [h] : []), ...lines].join('\n'));

describe('fuzz', () => {
  it('.scn text: parse and run never throw; errors carry a line within the text', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (text) => {
        const r = await bounded(() => checkScenario('fuzz.scn', text));
        const lines = text.split('\n').length;
        for (const e of r.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines);
        }
        for (const run of r.runs) for (const e of run.errors) expect(e.line).toBeLessThanOrEqual(lines);
        expect(formatReport([r]).split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed/);
        expect(r.errors.some((e) => e.message.startsWith('internal error'))).toBe(false);
        for (const run of r.runs) expect(run.errors.some((e) => /internal error/.test(e.message)), JSON.stringify(run.errors)).toBe(false);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);

  it('mail report: never throws, printable ASCII, 72 columns', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (text) => {
        const mail = await bounded(() => mailReport(text, { designs: ['upstream-5.8', 'pasid-6.x'] }));
        for (const l of mail.replace(/\n$/, '').split('\n')) expect(l).toMatch(/^[\x20-\x7e]{0,72}$/);
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 3) },
    );
  }, 600_000);

  it('links: decoding never throws; garbage is refused with a message, a real link round-trips', async () => {
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.tuple(fc.constantFrom('#v=1&z=', '#v=1&t=', '#text=', '#v=99&z=', '#v=x&', '#v=1&z=eJ', '#v=1&d='), fc.string({ maxLength: 200 })).map(([a, b]) => a + b),
      fc.uint8Array({ maxLength: 200 }).map((b) => `#v=1&z=${Buffer.from(b).toString('base64url')}`),
    );
    await fc.assert(
      fc.asyncProperty(garbage, async (hash) => {
        const r = await bounded(() => decodeShare(hash));
        if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
        else expect(typeof r.state.text).toBe('string');
      }),
      { seed: SEED, numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(scenario, async (text) => {
        const back = await bounded(async () => decodeShare(await encodeShare({ text, designs: [], step: null })));
        expect(back.ok && back.state.text).toBe(text);
      }),
      { seed: SEED, numRuns: Math.ceil(RUNS / 3) },
    );
  }, 600_000);

  it('files: opening any bytes never throws, and answers a text or a message', async () => {
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      fc.uint8Array({ maxLength: 400 }).map((b) => Uint8Array.from([...png, ...b])),
      fc.string({ unit: 'binary', maxLength: 300 }).map((s) => new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg"><metadata>${s}</metadata></svg>`)),
      scenario.map((s) => new TextEncoder().encode(s)),
    );
    const parse = (t: string) => {
      const { script, errors } = parseScenario(t);
      return { statements: script.stmts.length, errors };
    };
    await fc.assert(
      fc.asyncProperty(bytes, fc.string({ maxLength: 100 }), async (b, fname) => {
        const r = await bounded(() => openFile(fname || 'f.scn', b, parse));
        if (r.ok) expect(typeof r.text).toBe('string');
        else expect(r.message.length).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  }, 600_000);
});
