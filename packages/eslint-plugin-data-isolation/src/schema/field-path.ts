import { closestName, didYouMean } from './text';
import type { FieldInfo, FieldPath, ModelInfo } from './types';

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const MAX_LISTED_FIELDS = 10;

export const FIELD_PATH_SYNTAX_HELP =
  'it is not a field path; write field names separated by dots, like `patientId` or `consultation.patientId`';

export function parseFieldPath(text: string): FieldPath | undefined {
  const trimmed = text.trim();
  return FIELD_PATH.test(trimmed) ? trimmed.split('.') : undefined;
}

/**
 * Why `path` cannot scope `modelName`, or undefined when it can: every segment but the last must be a
 * relation (lists are fine: the rule filters them with `some`) and the last one a column.
 */
export function fieldPathError(
  models: ReadonlyMap<string, ModelInfo>,
  modelName: string,
  path: FieldPath,
): string | undefined {
  let model = models.get(modelName);
  for (let index = 0; model !== undefined && index < path.length; index++) {
    const segment = path[index];
    const field = model.fields.get(segment);
    /** The path so far with `name` in this segment's place: what a suggestion should read. */
    const pathWith = (name: string) => [...path.slice(0, index), name].join('.');
    if (field === undefined) return unknownField(model, segment, pathWith);
    if (index < path.length - 1) {
      if (field.kind !== 'object') {
        return `\`${segment}\` on ${model.name} is not a relation, so the path cannot go on after it; end the path at \`${pathWith(segment)}\``;
      }
      model = models.get(field.type);
    } else if (field.kind === 'object') {
      return relationAtEnd(models, model, field, pathWith);
    } else if (field.kind === 'unsupported') {
      return `\`${segment}\` on ${model.name} has an Unsupported type that queries cannot filter on; choose another column`;
    }
  }
  return undefined;
}

type PathWith = (name: string) => string;

function unknownField(model: ModelInfo, name: string, pathWith: PathWith): string {
  const suggestion = closestName(name, model.fields.keys());
  if (suggestion !== undefined) return `${model.name} has no field \`${name}\`${didYouMean(pathWith(suggestion))}`;
  const names = [...model.fields.keys()];
  const listed = names.slice(0, MAX_LISTED_FIELDS).join(', ') + (names.length > MAX_LISTED_FIELDS ? ', …' : '');
  return `${model.name} has no field \`${name}\`; its fields are ${listed}`;
}

function relationAtEnd(models: ReadonlyMap<string, ModelInfo>, model: ModelInfo, field: FieldInfo, pathWith: PathWith): string {
  const intro = `\`${field.name}\` on ${model.name} is a relation, not a column`;
  const foreignKeys = field.relationFromFields ?? [];
  if (foreignKeys.length === 1) return `${intro}${didYouMean(pathWith(foreignKeys[0]))}`;
  const target = models.get(field.type);
  const column = target && [...target.fields.values()].find((candidate) => candidate.kind !== 'object');
  return `${intro}; continue the path to a column of ${field.type}, like \`${pathWith(field.name)}.${column?.name ?? 'id'}\``;
}
