/** Editor diagnostics: the engine's own validation, with the columns the editor should know. */
import { describe, parse } from '@velo/engine';
import { declaredColumns } from './declared-types';
import type { DiagnoseRequest, DiagnosticsResponse } from './engine-protocol';
import { sourceSchemas } from './preview/source-schemas';

export function diagnose(request: DiagnoseRequest): DiagnosticsResponse {
  const started = performance.now();
  const parsed = parse(request.sql);
  const { schemas, infos } = sourceSchemas(parsed.sources, request.schemas);
  // One analysis gives the markers and the types hover shows (output columns, DECIMAL(p,s)).
  const described = describe(request.sql, { schemas });
  return {
    type: 'diagnostics',
    id: request.id,
    diagnostics: described.diagnostics,
    sources: infos,
    declared: declaredColumns(described.statements),
    decimals: described.decimals,
    ms: performance.now() - started,
  };
}
