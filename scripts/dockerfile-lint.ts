/**
 * Lints a Dockerfile: dockerfile-utils' validator (the checker behind the Docker language server:
 * unknown instructions, bad flags and arguments, JSON form, casing, every rule at error) plus the
 * rules that matter for our image, which no maintained linter on the npm registry checks: every base
 * image pinned by version (never `latest` or untagged), a non-root numeric USER in the final stage,
 * production dependencies only in the final stage (`npm ci --omit=dev`), no remote ADD, and an
 * exec-form ENTRYPOINT (so the operator is PID 1 and receives SIGTERM).
 */
import { validate, ValidationSeverity, type ValidatorSettings } from 'dockerfile-utils';

/** One finding: the 1-based line and what is wrong. */
export interface DockerfileProblem {
  readonly line: number;
  readonly message: string;
}

const STRICT: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.ERROR,
  directiveCasing: ValidationSeverity.ERROR,
  emptyContinuationLine: ValidationSeverity.ERROR,
  instructionCasing: ValidationSeverity.ERROR,
  instructionCmdMultiple: ValidationSeverity.ERROR,
  instructionEntrypointMultiple: ValidationSeverity.ERROR,
  instructionHealthcheckMultiple: ValidationSeverity.ERROR,
  instructionJSONInSingleQuotes: ValidationSeverity.ERROR,
  instructionWorkdirRelative: ValidationSeverity.ERROR,
};

interface Instruction {
  readonly line: number;
  readonly keyword: string;
  readonly args: string;
}

/** Instructions with continuation lines joined; comments and blank lines dropped. */
function instructions(content: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = i;
    let text = lines[i]!.trim();
    if (text === '' || text.startsWith('#')) continue;
    while (text.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i]!.trim();
      text = `${text.slice(0, -1)} ${next.startsWith('#') ? '' : next}`;
    }
    const [keyword = '', ...rest] = text.split(/\s+/);
    out.push({ line: start + 1, keyword: keyword.toUpperCase(), args: rest.join(' ') });
  }
  return out;
}

/** Every problem in the Dockerfile's text; empty when it passes. */
export function lintDockerfile(content: string): DockerfileProblem[] {
  const problems: DockerfileProblem[] = validate(content, STRICT).map((d) => ({
    line: d.range.start.line + 1,
    message: typeof d.message === 'string' ? d.message : d.message.value,
  }));
  const all = instructions(content);

  // Build arguments declared before the first FROM, with their defaults: FROM may use them.
  const globalArgs = new Map<string, string>();
  for (const ins of all) {
    if (ins.keyword === 'FROM') break;
    const m = /^(\w+)(?:=(\S*))?$/.exec(ins.args);
    if (ins.keyword === 'ARG' && m) globalArgs.set(m[1]!, m[2] ?? '');
  }
  const expand = (s: string): string =>
    s.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
      const name = (a ?? b)!;
      return globalArgs.get(name) ?? `\${${name}}`;
    });

  const stages: Instruction[][] = [];
  const stageNames = new Set<string>();
  for (const ins of all) {
    if (ins.keyword === 'FROM') {
      stages.push([ins]);
      const flagsDropped = ins.args.replace(/--\S+\s+/g, '');
      const [image = '', as, name] = flagsDropped.split(/\s+/);
      const resolved = expand(image);
      if (as?.toUpperCase() === 'AS' && name) stageNames.add(name);
      if (stageNames.has(resolved) || resolved === 'scratch') continue;
      const tag = /^[^@]+?:([^:/@]+)(@sha256:[0-9a-f]{64})?$/.exec(resolved)?.[1];
      if (resolved.includes('${')) {
        problems.push({ line: ins.line, message: `FROM ${image}: a build argument without a default` });
      } else if (tag === undefined) {
        problems.push({ line: ins.line, message: `FROM ${resolved}: pin the base image by version tag` });
      } else if (tag === 'latest' || !/\d/.test(tag)) {
        problems.push({ line: ins.line, message: `FROM ${resolved}: tag "${tag}" moves; pin a version` });
      }
    } else {
      stages.at(-1)?.push(ins);
    }
  }

  const final = stages.at(-1) ?? [];
  const users = final.filter((i) => i.keyword === 'USER');
  const user = users.at(-1)?.args.split(':')[0];
  if (user === undefined) {
    problems.push({
      line: final[0]?.line ?? 1,
      message: 'the final stage sets no USER: it would run as root',
    });
  } else if (user === 'root' || user === '0' || !/^\d+$/.test(user)) {
    problems.push({
      line: users.at(-1)!.line,
      message: `USER ${user}: use a non-root numeric uid, so Kubernetes can verify runAsNonRoot`,
    });
  }
  for (const ins of final.filter((i) => i.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(i.args))) {
    if (!/--omit=dev\b/.test(ins.args)) {
      problems.push({
        line: ins.line,
        message: 'npm in the final stage without --omit=dev installs dev dependencies',
      });
    }
  }
  for (const ins of all.filter((i) => i.keyword === 'ADD' && /https?:\/\//.test(i.args))) {
    problems.push({ line: ins.line, message: 'ADD from a URL: fetch with a checksum in a RUN step instead' });
  }
  const entrypoint = final.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
  if (entrypoint && !entrypoint.args.startsWith('[')) {
    problems.push({
      line: entrypoint.line,
      message: 'ENTRYPOINT in shell form: the process is not PID 1 and gets no SIGTERM; use the JSON form',
    });
  }
  return problems.sort((a, b) => a.line - b.line);
}
