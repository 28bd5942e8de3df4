/**
 * Builds src/kernel-src/table.json: for every kernel function the playground names, the file
 * and line of its definition in each kernel version (and proposal patch) it can link to.
 * Everything is READ from the sources listed below, never typed in: the kernel trees through
 * `git show <commit>:<path>`, the patches and review mails from a public-inbox archive of
 * iommu@lists.linux-foundation.org (`git show <commit>:m`).
 *
 *   npx tsx scripts/kernel-src-table.ts [--mirror DIR] [--repo owner/name=GITDIR]… [--check]
 *
 * A repository is looked for at DIR/<owner>+<name>/repo (the layout the project's search tool
 * fetches into), unless --repo names its git directory. --check compares with the committed
 * table instead of writing it (exit 1 when they differ). How the sources were chosen and
 * checked: docs/source-links.md.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findDefinitions, mailMeta, patchDefinitions } from '../src/kernel-src/extract';
import { emittedLogFunctions, signatureFunctions, traceFunctions } from '../src/kernel-src/names';
import { PLAYGROUND_STEPS, type KernelSourceTable, type Location, type Source } from '../src/kernel-src/types';

const OUT = 'src/kernel-src/table.json';

/** Kernel trees: the tag they stand for, where they were read, the files searched. */
const TREES = [
  {
    id: 'v5.8',
    // v5.8.1 source imports; docs/source-links.md shows v5.8 → v5.8.1 changed none of these files.
    repo: 'infuq/linux-5.8.1',
    commit: '863f65e8145414a0e78a4db338390b51f4b777ae',
    crossCheck: { repo: 'semwett0301/linux-5.8.1', commit: 'a28e14cfa5cc7c333a5704d1f53cb157ff405171' },
    makefile: { VERSION: '5', PATCHLEVEL: '8', SUBLEVEL: '1' },
    files: ['drivers/iommu/iommu.c', 'drivers/iommu/intel/iommu.c', 'drivers/iommu/ioasid.c', 'drivers/vfio/vfio.c', 'drivers/vfio/vfio_iommu_type1.c', 'drivers/vfio/mdev/mdev_core.c', 'lib/idr.c'],
  },
  {
    id: 'v6.12',
    repo: 'shilei-massclouds/linux-6.12',
    commit: '2974a9e75df28e0b27025e156bede92f4a314128', // "Import Linux 6.12 source"
    crossCheck: null,
    makefile: { VERSION: '6', PATCHLEVEL: '12', SUBLEVEL: '0' },
    files: ['drivers/iommu/iommu.c', 'drivers/iommu/intel/iommu.c', 'drivers/iommu/intel/pasid.c', 'drivers/iommu/intel/cache.c', 'drivers/iommu/iommu-sva.c', 'drivers/vfio/group.c', 'drivers/vfio/vfio_iommu_type1.c', 'drivers/vfio/mdev/mdev_core.c', 'lib/idr.c'],
  },
] as const;

/**
 * Functions the playground models that a tree no longer has: the script checks the name is
 * absent from every file read there, and links the successor's definition instead.
 */
const SUCCESSORS = [{ fn: 'iommu_get_domain_for_dev_pasid', tree: 'v6.12', successor: 'iommu_attach_handle_get' }] as const;

const ARCHIVE = 'linux-mailinglist-archives/iommu.lists.linux-foundation.org.0';

/** Proposal patches (definitions read from their `+` lines) and review mails (a mention). */
const MAILS = [
  { id: 'v3-2/4', kind: 'patch', commit: '5a8416fa6a2d5f1cb40dd7f3c802b8062f47d7b9' },
  { id: 'v3-3/4', kind: 'patch', commit: '1735884dcf50fa8c461a6049f086ea1998dbd34e' },
  { id: 'v4-2/5', kind: 'patch', commit: '27ebbd9c6a00bc610299cad7dbf567795ebbd251' },
  { id: 'v4-3/5', kind: 'patch', commit: 'e5a7df17de0c32fe6868c1e53d2f4d3832d16c00' },
  { id: 'ioasid-refs', kind: 'patch', commit: '19060ea8d149900cc8cb3c9d4b8ed12488d5fae5' },
  // Alex Williamson's review of v3 3/4, where iommu_domain_is_aux() is named (never written as code).
  { id: 'v3-review', kind: 'mail', commit: '4a7b22eb14d6f23b1bdc154f51092c5907e30881' },
] as const;

function args(argv: readonly string[]) {
  let mirror = '/work/.mirror';
  const repos = new Map<string, string>();
  let check = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--mirror') mirror = argv[++i];
    else if (argv[i] === '--repo') {
      const [name, dir] = argv[++i].split('=');
      repos.set(name, dir);
    } else if (argv[i] === '--check') check = true;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return { gitDir: (repo: string) => repos.get(repo) ?? join(mirror, repo.replace('/', '+'), 'repo'), check };
}

const git = (dir: string, ...a: string[]) => execFileSync('git', ['--git-dir', dir, ...a], { encoding: 'utf8', maxBuffer: 64 << 20 });

function makefileVersion(text: string): Record<string, string> {
  const v: Record<string, string> = {};
  for (const m of text.matchAll(/^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION) = ?(.*)$/gm)) v[m[1]] = m[2].trim();
  return v;
}

function libraryTexts(): string[] {
  const dir = 'src/scenarios';
  return readdirSync(dir).filter((f) => f.endsWith('.scn')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** The emulator's sources, for the functions its WARN and OOPS texts name. */
function coreTexts(dir = 'src/core'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? coreTexts(join(dir, e.name)) : e.name.endsWith('.ts') ? [readFileSync(join(dir, e.name), 'utf8')] : [],
  );
}

function main(): number {
  const { gitDir, check } = args(process.argv.slice(2));
  const wanted = new Set([...signatureFunctions(), ...traceFunctions(libraryTexts()), ...emittedLogFunctions(coreTexts())]);
  for (const s of PLAYGROUND_STEPS) wanted.delete(s);
  const sources: Record<string, Source> = {};
  const functions: KernelSourceTable['functions'] = {};
  const put = (fn: string, src: string, at: Location) => {
    (functions[fn] ??= {})[src] = at;
  };

  for (const t of TREES) {
    const dir = gitDir(t.repo);
    const mk = makefileVersion(git(dir, 'show', `${t.commit}:Makefile`));
    for (const [k, v] of Object.entries(t.makefile)) if (mk[k] !== v) throw new Error(`${t.repo}@${t.commit}: Makefile ${k} = ${mk[k]}, expected ${v}`);
    if (mk.EXTRAVERSION) throw new Error(`${t.repo}: EXTRAVERSION ${mk.EXTRAVERSION}`);
    const blobs: Record<string, string> = {};
    const gone = SUCCESSORS.filter((x) => x.tree === t.id);
    for (const f of t.files) {
      blobs[f] = git(dir, 'rev-parse', `${t.commit}:${f}`).trim();
      if (t.crossCheck) {
        const other = git(gitDir(t.crossCheck.repo), 'rev-parse', `${t.crossCheck.commit}:${f}`).trim();
        if (other !== blobs[f]) throw new Error(`${f}: ${t.repo} and ${t.crossCheck.repo} differ`);
      }
      const text = git(dir, 'show', `${t.commit}:${f}`);
      for (const g of gone) {
        if (new RegExp(`\\b${g.fn}\\b`).test(text)) throw new Error(`${g.fn} still appears in ${t.id} ${f}`);
        const at = findDefinitions(text, [g.successor]).get(g.successor);
        if (at) put(g.fn, t.id, { file: f, line: at[0], as: g.successor });
      }
      for (const [fn, lines] of findDefinitions(text, wanted)) {
        if (functions[fn]?.[t.id]) throw new Error(`${fn} defined in two files of ${t.id}`);
        // Two lines in one file are #ifdef alternatives; the first is the one browsers list first.
        put(fn, t.id, { file: f, line: lines[0] });
      }
    }
    const read = `${t.repo}@${t.commit}${t.crossCheck ? `, same blobs as ${t.crossCheck.repo}@${t.crossCheck.commit}` : ''}`;
    sources[t.id] = { kind: 'tree', tag: t.id, readFrom: read, blobs };
  }

  const archive = gitDir(ARCHIVE);
  for (const m of MAILS) {
    const text = git(archive, 'show', `${m.commit}:m`);
    const meta = mailMeta(text);
    sources[m.id] = { kind: m.kind, ...meta, readFrom: `${ARCHIVE}@${m.commit}` };
    if (m.kind === 'patch') {
      for (const [fn, at] of patchDefinitions(text, wanted)) if (!functions[fn]?.[m.id]) put(fn, m.id, at);
    } else {
      const lines = text.split('\n');
      for (const fn of wanted) {
        const i = lines.findIndex((l) => l.includes(`${fn}()`) && !l.startsWith('>'));
        if (i >= 0 && !Object.keys(functions[fn] ?? {}).length) put(fn, m.id, { file: '(mail)', line: i + 1 });
      }
    }
  }

  const sorted = Object.fromEntries(Object.entries(functions).sort(([a], [b]) => (a < b ? -1 : 1)));
  const table: KernelSourceTable = { generatedBy: 'scripts/kernel-src-table.ts', sources, functions: sorted };
  const json = JSON.stringify(table, null, 1) + '\n';
  const missing = [...wanted].filter((fn) => !functions[fn]).sort();
  if (missing.length) process.stderr.write(`no definition found for: ${missing.join(', ')}\n`);
  if (check) {
    const same = readFileSync(OUT, 'utf8') === json;
    process.stdout.write(same ? `${OUT} is up to date\n` : `${OUT} differs from what the sources give\n`);
    return same ? 0 : 1;
  }
  writeFileSync(OUT, json);
  process.stdout.write(`${OUT}: ${Object.keys(sorted).length} functions from ${Object.keys(sources).length} sources\n`);
  return 0;
}

process.exitCode = main();
