// Shared by the per-data-layer rule tests: exact findings, with their locations.
import { at } from '../RuleTester';

type Verb = 'return' | 'change' | 'create';

/** `missingOwnerScope` at the `needle` that names the operation. */
export function missingOwner(code: string, needle: string, model: string, operation: string, owners: string, verb: Verb, nth = 1) {
  return {
    messageId: 'missingOwnerScope' as const,
    ...at(code, needle, nth),
    data: { model, operation, owners, tenants: owners, verb },
    suggestions: [],
  };
}

export function missingTenant(code: string, needle: string, model: string, operation: string, tenants: string, verb: Verb, nth = 1) {
  return {
    messageId: 'missingTenantScope' as const,
    ...at(code, needle, nth),
    data: { model, operation, owners: tenants, tenants, verb },
    suggestions: [],
  };
}

/** `unscopedOrBranch` at the branch `needle`. */
export function orBranch(code: string, needle: string, model: string, operation: string, fields: string, affected: 'returned' | 'changed', nth = 1) {
  return {
    messageId: 'unscopedOrBranch' as const,
    ...at(code, needle, nth),
    data: { model, operation, fields, scope: 'owner', affected },
  };
}

/**
 * `ownerFromRequest` at the value `needle`; with a signed-in user in scope (`replacement`), the
 * suggestion that swaps the value for theirs.
 */
export function fromRequest(code: string, needle: string, model: string, operation: string, field: string, source: string, verb: Verb, replacement?: string) {
  return {
    messageId: 'ownerFromRequest' as const,
    ...at(code, needle),
    data: { model, operation, field, source, verb },
    suggestions: replacement
      ? [{ messageId: 'useSignedInUser' as const, data: { value: replacement }, output: code.replace(needle, replacement) }]
      : [],
  };
}

export function configProblem(code: string, needle: string, problem: string, nth = 1) {
  return { messageId: 'configProblem' as const, ...at(code, needle, nth), data: { problem } };
}

/** `ownerAssignedFromRequest` at the written value `needle`, with the suggestion to write the signed-in user's. */
export function assignedFromRequest(code: string, needle: string, model: string, operation: string, field: string, source: string, verb: Verb, replacement?: string) {
  return {
    messageId: 'ownerAssignedFromRequest' as const,
    ...at(code, needle),
    data: { model, operation, field, source, verb },
    suggestions: replacement
      ? [{ messageId: 'useSignedInUser' as const, data: { value: replacement }, output: code.replace(needle, replacement) }]
      : [],
  };
}

/**
 * `filterFromRequest` at the filter `needle` that is request input as a whole (`where: dto`, `...input.where`);
 * `skip` characters into the needle (`'...args'`, 3: at `args`).
 */
export function filterFromRequest(code: string, needle: string, model: string, operation: string, fields: string, source: string, verb: Verb, nth = 1, skip = 0) {
  const loc = at(code, needle, nth);
  return {
    messageId: 'filterFromRequest' as const,
    ...loc,
    column: loc.column + skip,
    data: { model, operation, fields, source, verb, scope: 'owner' },
    suggestions: [],
  };
}

/** A NestJS controller whose `list` is given the query string as a DTO (`@Query() query`), around `body`. */
export function nestQuery(body: string, dto = 'patientId?: string; status?: string'): string {
  return `import { Controller, Get, Query } from '@nestjs/common';
class ListDto { ${dto} }
@Controller('c')
export class C {
  @Get() list(@Query() query: ListDto) {
    ${body}
  }
}`;
}
