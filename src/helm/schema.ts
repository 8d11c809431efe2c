/**
 * values.schema.json validation as `helm template` runs it after coalescing: the root chart's schema
 * against the root values, then every subchart's schema (depth first, in dependency order) against
 * that subchart's coalesced values. Helm 3 validates with gojsonschema, helm 4 with
 * santhosh-tekuri/jsonschema v6; the two print different messages, both reproduced here.
 */
import { defaultResolver } from '../go-dns.js';
import { decodeInput } from '../gotemplate/gostring.js';
import { quote } from '../gotemplate/strconv.js';
import type { GoMap } from '../gotemplate/value.js';
import { type Chart, chartName } from './chart.js';
import { slogRecord } from './helm-log.js';
import { validateGoJsonSchema } from './jsonschema-h3.js';
import { type SanthoshOptions, validateSanthoshSchema } from './jsonschema-h4.js';
import type { Compat } from './strvals.js';

/** Values that do not meet a chart's schema; `message` is helm's text after `Error: `. */
export class SchemaValidationError extends Error {
  constructor(
    message: string,
    /** The log lines helm prints on stderr while validating, before the error. */
    readonly warnings: string[] = [],
  ) {
    super(message);
    this.name = 'SchemaValidationError';
  }
}

/** Options of {@link validateSchemas}. */
export interface ValidateSchemasOptions {
  compat: Compat;
  /** `--skip-schema-validation`: do nothing. */
  skip?: boolean;
  /**
   * The DNS server Go would name when a remote `$ref` cannot be resolved (`10.0.0.53:53`); by default
   * the first `nameserver` of /etc/resolv.conf. helmless never fetches remote schemas.
   */
  resolver?: string;
  /** Upper bound on validation steps per schema (untrusted schemas can be exponential). */
  maxSteps?: number;
  /** `--debug`: helm 4's DEBUG records of the walk (each chart, its schema, its dependencies) are logged too. */
  debug?: boolean;
}

const decoder = new TextDecoder();
/** Decoded schema texts by chart file bytes: a chart rendered again reuses the same string. */
const texts = new WeakMap<Uint8Array, string>();

function schemaText(bytes: Uint8Array): string {
  let t = texts.get(bytes);
  if (t === undefined) texts.set(bytes, (t = decoder.decode(bytes)));
  return t;
}

/**
 * Validates every chart's values.schema.json like helm's ValidateAgainstSchema (called from
 * ToRenderValuesWithSchemaValidation). `values` are the coalesced values of `chart` (from
 * coalesceValues after processDependencies).
 * @returns the log lines helm prints on stderr while validating (helm 4 warns once per `urn:`
 *   reference it cannot resolve and replaces by a schema that allows everything)
 * @throws SchemaValidationError `values don't meet the specifications of the schema(s) in the
 *   following chart(s):\n<chart>:\n- …` (the message ends with a newline when the last problem is a
 *   validation error, as helm's does)
 */
export function validateSchemas(chart: Chart, values: GoMap, options: ValidateSchemasOptions): string[] {
  if (options.skip) return [];
  const resolver = options.resolver ?? defaultResolver();
  const log: ValidationLog = { lines: [], warnedURNs: new Set() };
  const text = validateChart(chart, values, { ...options, resolver }, log);
  if (text !== '') {
    throw new SchemaValidationError(
      `values don't meet the specifications of the schema(s) in the following chart(s):\n${text}`,
      log.lines,
    );
  }
  return log.lines;
}

/** What one validation run has logged; helm 4 warns about a URN once per process, i.e. per render. */
interface ValidationLog {
  lines: string[];
  warnedURNs: Set<string>;
}

function validateChart(chart: Chart, values: GoMap, options: ValidateSchemasOptions, log: ValidationLog): string {
  let out = '';
  const debug = options.debug === true && options.compat === 'helm4';
  if (chart.schema) {
    const bytes = chart.schema;
    const schema = schemaText(bytes);
    if (debug) log.lines.push(slogRecord('DEBUG', 'chart name', [['chart-name', chartName(chart)]]));
    const opts: SanthoshOptions = {
      resolver: options.resolver,
      maxSteps: options.maxSteps,
      onUnresolvedURN: (urn: string) => {
        if (log.warnedURNs.has(urn)) return;
        log.warnedURNs.add(urn);
        log.lines.push(slogRecord('WARN', 'unresolved URN reference ignored; using permissive schema', [['urn', urn]]));
      },
    };
    // slog writes a []byte attribute strconv.Quote'd, raw bytes as \x escapes.
    if (debug) {
      opts.onSchemaDecoded = () =>
        log.lines.push(`level=DEBUG msg="unmarshalled JSON schema" schema=${quote(decodeInput(bytes))}`);
    }
    const err =
      options.compat === 'helm3'
        ? validateGoJsonSchema(schema, values, opts)
        : validateSanthoshSchema(schema, values, opts);
    if (err !== undefined) out += `${chartName(chart)}:\n${err}`;
  }
  if (debug) {
    log.lines.push(
      slogRecord('DEBUG', 'number of dependencies in the chart', [
        ['chart', chartName(chart)],
        ['dependencies', String(chart.dependencies.length)],
      ]),
    );
  }
  for (const sub of chart.dependencies) {
    const raw = values.get(chartName(sub));
    if (options.compat === 'helm4') {
      if (raw === undefined || raw === null) continue;
      if (!(raw instanceof Map)) {
        out += `${chartName(sub)}:\ninvalid type for values: expected object (map), got ${goTypeName(raw)}\n`;
        continue;
      }
    }
    out += validateChart(sub, raw instanceof Map ? raw : new Map(), options, log);
  }
  return out;
}

function goTypeName(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'float64';
  if (Array.isArray(v)) return '[]interface {}';
  return 'int64';
}
