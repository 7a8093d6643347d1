/** Editor diagnostics: the engine's own validation, with the columns the editor should know. */
import { parse, validate } from '@velo/engine';
import { declaredColumns } from './declared-types';
import type { DiagnoseRequest, DiagnosticsResponse } from './engine-protocol';
import { sourceSchemas } from './preview/source-schemas';

export function diagnose(request: DiagnoseRequest): DiagnosticsResponse {
  const started = performance.now();
  const parsed = parse(request.sql);
  const { schemas, infos } = sourceSchemas(parsed.sources, request.schemas);
  const diagnostics = validate(request.sql, { schemas });
  return {
    type: 'diagnostics',
    id: request.id,
    diagnostics,
    sources: infos,
    declared: declaredColumns(parsed.statements),
    ms: performance.now() - started,
  };
}
