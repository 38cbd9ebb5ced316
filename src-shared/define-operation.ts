import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface OperationDefinition<Name extends string, In extends z.ZodType, Out extends z.ZodType> {
  name: Name;
  /**
   * `textBody`: the route also takes its `message` input as a raw text body (text/plain or
   * application/hl7-v2) — only the stateless conversions, which change nothing, are offered that way.
   * `fileAnswer`: over HTTP the output (`{ name, contentType, content, contentEncoding? }`) is sent as a file download (`content` decoded first when `contentEncoding` is `base64`); IPC gets the object.
   */
  http: { method: HttpMethod; path: string; successStatus?: number; textBody?: true; fileAnswer?: true };
  input: In;
  output: Out;
  /** Change-event topics this operation publishes; the renderer invalidates queries by topic. */
  invalidates?: readonly string[];
  /** The answer never changes for the same input (it reads immutable data), so change events skip it. */
  immutable?: true;
  /** Topics a query reads beyond the ones its name says (an aggregate over another domain's data). */
  reads?: readonly string[];
  /**
   * Whether the dispatcher writes an audit event for it. By default every operation but a GET is audited;
   * `true` marks a read that reveals data (a message's content, an export's file), `false` a POST that
   * changes and keeps nothing (the stateless conversions).
   */
  audited?: boolean;
}

/** The dispatcher's rule: changes and data-revealing reads are audited, plain reads are not. */
export const isAudited = (op: { http: { method: HttpMethod }; audited?: boolean }): boolean => op.audited ?? op.http.method !== 'GET';

export function defineOperation<Name extends string, In extends z.ZodType, Out extends z.ZodType>(
  def: OperationDefinition<Name, In, Out>,
): OperationDefinition<Name, In, Out> {
  return def;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous table of operations
export type AnyOperation = OperationDefinition<string, any, any>;
export type InputOf<Op extends AnyOperation> = z.input<Op['input']>;
export type ParsedInputOf<Op extends AnyOperation> = z.output<Op['input']>;
export type OutputOf<Op extends AnyOperation> = z.output<Op['output']>;

/** Query strings arrive as text, IPC as values: both shapes coerce to one. */
export const queryInt = (min: number, max: number, fallback: number) =>
  z.preprocess((v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? Number(v) : v), z.number().int().min(min).max(max).default(fallback));

export const pageInput = {
  page: queryInt(1, 1_000_000, 1),
  pageSize: queryInt(1, 500, 50),
};

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ data: z.array(item), page: z.number(), pageSize: z.number(), total: z.number() });

export const idInput = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[0-9A-HJKMNP-TV-Z]{26}$`), `must be a ${prefix}_ id`);

export const versionInput = z.preprocess((v) => (typeof v === 'string' && v !== '' ? Number(v) : v), z.number().int().min(1));

export const ErrorEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

export type Result<T> = { ok: true; value: T } | { ok: false; status: number; error: ErrorEnvelope['error'] };
