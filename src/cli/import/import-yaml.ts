/**
 * Imported objects as YAML documents, each preceded by comments that say where it came from and,
 * field by field, what the manifest does not express and which choices the import made. Pure.
 */
import { Document } from 'yaml';
import type { ImportNote } from './import-notes.js';

/** One object to write, with its notes. */
export interface ImportedDocument {
  readonly manifest: object;
  /** Where it came from, e.g. an ARN. */
  readonly source: string;
  readonly notes: readonly ImportNote[];
}

/** The comment lines above one document. */
export function headerLines(doc: ImportedDocument): string[] {
  const unexpressed = doc.notes.filter((n) => n.kind === 'unexpressed');
  const decisions = doc.notes.filter((n) => n.kind === 'decision');
  return [
    `Imported by \`ecs-bridge import\` from ${doc.source}.`,
    ...(unexpressed.length === 0
      ? []
      : [
          'Not expressed (AWS keeps these as they are; ecs-bridge does not manage them):',
          ...unexpressed.map((n) => `  ${n.field}: ${n.message}`),
        ]),
    ...(decisions.length === 0
      ? []
      : ['Choices the import made:', ...decisions.map((n) => `  ${n.field}: ${n.message}`)]),
  ];
}

/** Renders documents as one multi-document YAML text. */
export function importedYaml(docs: readonly ImportedDocument[]): string {
  return docs
    .map((d) => {
      const doc = new Document(d.manifest);
      doc.commentBefore = headerLines(d)
        .map((l) => ` ${l}`)
        .join('\n');
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}
