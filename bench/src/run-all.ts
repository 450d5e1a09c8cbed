import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunOptions } from './harness.js';
import { type BenchReport, type BenchSection, machine, printSection, toMarkdown, writeReport } from './results.js';

// `pnpm bench`: every bench module in turn, each printed as it finishes, then bench/results/latest.{json,md} and
// the table in docs/benchmarks.md. `pnpm bench --quick` (or BENCH_QUICK=1) is a smoke run of all of them, written
// to bench/results/quick.*; `pnpm bench <name> [<name>…]` runs the named ones, written to bench/results/<names>.*.
// A module that is not there yet (or exports no `run`) is skipped with a note, never a crash.

const benches = [
  { name: 'inbound-call', file: 'inbound-call.ts' },
  { name: 'assistant-request', file: 'assistant-request.ts' },
  { name: 'multi-tenant-load', file: 'multi-tenant-load.ts' },
  { name: 'ingest', file: 'ingest.ts' },
  { name: 'postgres-rls', file: 'postgres-rls.ts' },
  { name: 'dashboard', file: 'dashboard.ts' },
  { name: 'memory', file: 'memory.ts' },
] as const;

const docsStart = '<!-- bench:start -->';
const docsEnd = '<!-- bench:end -->';

interface BenchModule {
  run(options: RunOptions): Promise<BenchSection>;
}

/** Imports a bench only when its file exports `run`: an old module that runs itself on import is not started. */
async function load(file: string): Promise<BenchModule | string> {
  const url = new URL(`./${file}`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return `skipped: src/${file} is not there`;
  const source = readFileSync(url, 'utf8');
  if (!/export\s+(async\s+)?function\s+run\b|export\s+const\s+run\b|export\s*\{[^}]*\brun\b/.test(source)) {
    return `skipped: src/${file} exports no run()`;
  }
  const module = (await import(url.href)) as Partial<BenchModule>;
  return typeof module.run === 'function' ? (module as BenchModule) : `skipped: src/${file} exports no run()`;
}

function parseArguments(argv: string[]) {
  const names = argv.filter((arg) => !arg.startsWith('-'));
  const unknown = names.filter((name) => !benches.some((bench) => bench.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown bench ${unknown.join(', ')}; pick from ${benches.map((bench) => bench.name).join(', ')}.`);
  }
  const quick = argv.includes('--quick') || ['1', 'true'].includes(process.env.BENCH_QUICK ?? '');
  return { names, quick };
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const docsPath = join(root, 'docs', 'benchmarks.md');

/** Formats what the run wrote the way `pnpm lint` expects it (Biome pads markdown tables). */
function format(files: string[]): void {
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'biome'), ['format', '--write', ...files], {
      cwd: root,
      stdio: 'ignore',
    });
  } catch {
    console.log('  (could not run biome format on the results: run pnpm format before committing them)');
  }
}

/** Replaces what stands between the markers in docs/benchmarks.md with the run's table. */
function updateDocs(markdown: string): boolean {
  const path = docsPath;
  if (!existsSync(path)) return false;
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(docsStart);
  const end = text.indexOf(docsEnd);
  if (start === -1 || end < start) return false;
  writeFileSync(path, `${text.slice(0, start + docsStart.length)}\n\n${markdown.trim()}\n\n${text.slice(end)}`);
  return true;
}

async function main() {
  const { names, quick } = parseArguments(process.argv.slice(2));
  // pnpm passes a `--` through when asked to (`pnpm bench -- --quick`); it is not a bench's name.
  const selected = names.length > 0 ? benches.filter((bench) => names.includes(bench.name)) : benches;
  const startedAt = new Date().toISOString();
  console.log(
    `nuvatra bench${quick ? ' --quick (smoke run: short durations, small data)' : ''}: ${selected.map((b) => b.name).join(', ')}`,
  );
  const sections: BenchSection[] = [];
  let failed = false;
  for (const bench of selected) {
    const started = Date.now();
    console.log(`\n-- ${bench.name}`);
    const module = await load(bench.file);
    if (typeof module === 'string') {
      console.log(`  ${module}`);
      sections.push({ name: bench.name, figures: [], notes: [module] });
      continue;
    }
    try {
      const section = await module.run({ quick });
      section.notes = [...(section.notes ?? []), `Ran in ${Math.round((Date.now() - started) / 1000)} s.`];
      sections.push(section);
      printSection(section);
    } catch (error) {
      failed = true;
      console.error(`  ${bench.name} failed:`, error);
      sections.push({ name: bench.name, figures: [], notes: [`failed: ${(error as Error).message}`] });
    }
  }
  const report: BenchReport = { startedAt, finishedAt: new Date().toISOString(), machine: machine(), sections };
  const full = names.length === 0;
  const name = full ? (quick ? 'quick' : 'latest') : `${names.join('+')}${quick ? '.quick' : ''}`;
  const written = writeReport(report, name);
  console.log(`\nWrote ${written.json} and ${written.markdown}`);
  const docs = full && !quick && updateDocs(toMarkdown(report));
  if (full && !quick) console.log(docs ? 'Updated docs/benchmarks.md' : 'docs/benchmarks.md has no markers');
  format([written.json, written.markdown, ...(docs ? [docsPath] : [])]);
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
