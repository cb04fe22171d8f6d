/** The parts of the OpenAPI 3 document the fuzzer reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface MediaType {
  schema?: Schema;
}

interface RawOperation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, MediaType> };
  responses?: Record<string, { content?: Record<string, MediaType> }>;
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** One route of the document, with every `$ref` and `allOf` of its schemas resolved. */
export interface Operation {
  method: string;
  /** As documented: `/api/v1/recommendations/{id}`. */
  path: string;
  pathParams: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  /** Media types of the request body, with their schemas; empty when the route takes none. */
  body: { contentType: string; schema: Schema }[];
  /** The JSON schema documented for each response status. */
  responses: Record<string, Schema | undefined>;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Inlines `$ref`s and merges `allOf`s, so the arbitraries never see either. */
export function resolve(doc: OpenApiDoc, schema: Schema | undefined, depth = 0): Schema {
  if (!schema || depth > 20) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(doc, doc.components?.schemas?.[name], depth + 1);
  }
  let out: Schema = { ...schema };
  if (schema.allOf) {
    delete out.allOf;
    for (const part of schema.allOf) out = { ...resolve(doc, part, depth + 1), ...out };
  }
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, resolve(doc, v, depth + 1)]));
  }
  if (out.items) out.items = resolve(doc, out.items, depth + 1);
  return out;
}

/**
 * Every path and method of the document, so that a route added later is fuzzed too: sorted, with
 * the deletes last, so the records they remove serve every other route first.
 */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      if (!METHODS.has(method)) continue;
      const params = raw.parameters ?? [];
      ops.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query').map((p) => ({ ...p, schema: resolve(doc, p.schema) })),
        headers: params.filter((p) => p.in === 'header'),
        body: Object.entries(raw.requestBody?.content ?? {}).map(([contentType, m]) => ({ contentType, schema: resolve(doc, m.schema) })),
        responses: Object.fromEntries(
          Object.entries(raw.responses ?? {}).map(([status, r]) => [status, r.content?.['application/json'] ? resolve(doc, r.content['application/json'].schema) : undefined]),
        ),
      });
    }
  }
  const key = (op: Operation) => `${op.method === 'DELETE' ? 1 : 0} ${op.path} ${op.method}`;
  return ops.sort((a, b) => key(a).localeCompare(key(b)));
}

/** A stable number per route, so each route draws its own stream from the run's seed. */
export function routeSalt(op: Operation): number {
  let h = 0;
  for (const ch of `${op.method} ${op.path}`) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}
