/** A line-based reading of a .prisma file, enough for CodeLenses and the "declare an owner" action. */

export interface SchemaModel {
  name: string;
  /** 0-based line of `model Name {`. */
  line: number;
  /** 0-based line of the closing `}`. */
  endLine: number;
  classified: boolean;
  /** A field that looks like the owner (a relation to a user-like model, or `userId`/`ownerId`…). */
  ownerCandidate?: string;
}

const OWNER_MODELS = /^(User|Account|Member|Customer|Patient|Person|Profile|Owner|Author)$/;
const OWNER_FIELDS = /^(user|owner|author|account|member|customer|patient|createdBy)Id$/;

export function readModels(text: string): SchemaModel[] {
  const lines = text.split(/\r?\n/);
  const models: SchemaModel[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = /^\s*model\s+(\w+)\s*\{/.exec(lines[i]!);
    if (!head) continue;
    const docs: string[] = [];
    for (let j = i - 1; j >= 0 && /^\s*\/\/\//.test(lines[j]!); j--) docs.push(lines[j]!);
    let end = i;
    const relationFks: string[] = [];
    const ownerLikeScalars: string[] = [];
    for (let j = i + 1; j < lines.length; j++) {
      const line = lines[j]!;
      if (/^\s*\}/.test(line)) {
        end = j;
        break;
      }
      const field = /^\s*(\w+)\s+(\w+)(\[\])?\??\s*(.*)$/.exec(line);
      if (!field || field[1]!.startsWith('@')) continue;
      const [, name, type, , attrs] = field;
      const fks = /@relation\([^)]*fields:\s*\[([^\]]*)\]/.exec(attrs ?? '');
      if (fks && OWNER_MODELS.test(type!)) relationFks.push(...fks[1]!.split(',').map((f) => f.trim()).filter(Boolean));
      if (OWNER_FIELDS.test(name!)) ownerLikeScalars.push(name!);
    }
    models.push({
      name: head[1]!,
      line: i,
      endLine: end,
      classified: docs.some((d) => /@(owner|tenant|public)\b/.test(d)),
      ownerCandidate: relationFks[0] ?? ownerLikeScalars[0],
    });
  }
  return models;
}
