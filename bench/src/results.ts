import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * One figure of a benchmark: a subject measured against a baseline in the same run on the same machine.
 * `ratio` is always "how many baselines the subject is worth" (higher is better): for throughput
 * subject/baseline, for latency or memory baseline/subject, unless `ratioOf` says otherwise.
 */
export interface BenchFigure {
  /** Stable id, e.g. `twilio-inbound.node.10-tenants`. */
  id: string;
  /** What a reader sees in the table, e.g. "Signed Twilio inbound via @nuvatra/node, 10 tenants". */
  label: string;
  unit: string;
  value: number;
  /** The same-run baseline this figure is compared with (omitted for absolute targets). */
  baseline?: { label: string; value: number };
  /** subject/baseline for throughput, baseline/subject for costs; omitted when there is no baseline. */
  ratio?: number;
  /**
   * `growth`: the ratio is subject/baseline of a cost that should stay flat (1.00× = no growth, lower is better),
   * shown as "1.19× the cost" so that it reads the way its target does.
   */
  ratioKind?: 'growth';
  /** The target in words and as a check, e.g. { text: '≥ 0.8× bare Express', met: true }. */
  target?: { text: string; met: boolean };
  /** Anything a reader needs to interpret the figure (p99, errors, concurrency, sample size). */
  details?: Record<string, number | string>;
}

export interface BenchSection {
  name: string;
  figures: BenchFigure[];
  notes?: string[];
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: { node: string; cpus: number; cpuModel: string; memoryGiB: number; platform: string };
  sections: BenchSection[];
}

export function machine(): BenchReport['machine'] {
  const list = cpus();
  return {
    node: process.version,
    cpus: list.length,
    cpuModel: list[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    platform: `${process.platform}-${process.arch}`,
  };
}

const fmt = (n: number) =>
  Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The short markdown table the docs show. */
export function toMarkdown(report: BenchReport): string {
  const lines = [
    `Measured ${report.finishedAt.slice(0, 10)} on Node ${report.machine.node}, ${report.machine.cpus} cores (${report.machine.cpuModel}), ${report.machine.memoryGiB} GiB. Every ratio compares with a baseline measured in the same run.`,
    '',
  ];
  for (const section of report.sections) {
    lines.push(`### ${section.name}`, '', '| Figure | Value | Baseline | Ratio | Target |', '|---|---|---|---|---|');
    for (const f of section.figures) {
      const baseline = f.baseline ? `${fmt(f.baseline.value)} ${f.unit} (${f.baseline.label})` : '';
      const ratio = f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×${f.ratioKind === 'growth' ? ' the cost' : ''}`;
      const target = f.target ? `${f.target.text} ${f.target.met ? '✅' : '❌ missed'}` : '';
      lines.push(`| ${f.label} | ${fmt(f.value)} ${f.unit} | ${baseline} | ${ratio} | ${target} |`);
    }
    for (const note of section.notes ?? []) lines.push('', `- ${note}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** Writes `bench/results/<name>.json` and `.md` (and `latest.*` for the full run). */
export function writeReport(report: BenchReport, name = 'latest'): { json: string; markdown: string } {
  const dir = fileURLToPath(new URL('../results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const json = `${dir}${name}.json`;
  const markdown = `${dir}${name}.md`;
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdown, `${toMarkdown(report)}\n`);
  return { json, markdown };
}

/** Prints one section as a compact table on stdout while the run goes on. */
export function printSection(section: BenchSection): void {
  console.log(`\n== ${section.name}`);
  for (const f of section.figures) {
    const ratio =
      f.ratio === undefined ? '' : `  ratio ${f.ratio.toFixed(2)}×${f.ratioKind === 'growth' ? ' the cost' : ''}`;
    const target = f.target ? `  target ${f.target.text}: ${f.target.met ? 'met' : 'MISSED'}` : '';
    console.log(`  ${f.label}: ${fmt(f.value)} ${f.unit}${ratio}${target}`);
  }
}

/** Runs a bench module's `run` when the module is started directly (`tsx src/<name>.ts [--quick]`) and prints it. */
export function runWhenMain(moduleUrl: string, run: (options: { quick?: boolean }) => Promise<BenchSection>): void {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  run({ quick: process.argv.includes('--quick') })
    .then((section) => {
      printSection(section);
      for (const note of section.notes ?? []) console.log(`  - ${note}`);
      for (const f of section.figures) if (f.details) console.log(`  ${f.id}: ${JSON.stringify(f.details)}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
