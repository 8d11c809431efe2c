/**
 * `--name-template`: helm's action.TemplateName. Unlike chart templates it is executed with plain
 * Sprig (`env` and `expandenv` included, none of helm's own functions such as `include`, `tpl`,
 * `toYaml` or `required`), as the template `name-template`, with nil data, and `<no value>` is
 * kept in the result.
 */
import { type FuncDef, FuncError, type FuncMap, fn } from '../gotemplate/funcs.js';
import { TemplateSet } from '../gotemplate/template.js';
import { T_STRING } from '../gotemplate/types.js';
import type { Compat } from '../helm/objects.js';
import { helmFuncMap } from '../sprig/index.js';

/** helm's additions to Sprig, which a name template does not get. */
const HELM_ONLY = [
  'include',
  'tpl',
  'required',
  'lookup',
  'toYaml',
  'toYamlPretty',
  'mustToYaml',
  'fromYaml',
  'fromYamlArray',
  'fromJson',
  'fromJsonArray',
  'mustFromJson',
  'toToml',
  'fromToml',
];

const NAME = 'name-template';

/** Executes a name template; its parse and execution errors carry Go's text. */
export function executeNameTemplate(text: string, compat: Compat, env: NodeJS.ProcessEnv): string {
  const set = new TemplateSet(sprigFuncMap(compat, env), NAME, undefined, compat);
  set.parse(NAME, text);
  // Go's Execute(w, nil): dot is the invalid reflect.Value (undefined here), not a nil pointer.
  return set.execute(NAME, undefined, { compat });
}

function sprigFuncMap(compat: Compat, env: NodeJS.ProcessEnv): FuncMap {
  const funcs = new Map<string, FuncDef>(helmFuncMap(compat));
  for (const name of HELM_ONLY) funcs.delete(name);
  // Sprig's own fail: the message is the error, without helm's markers.
  funcs.set(
    'fail',
    fn([T_STRING], T_STRING, (msg: string) => {
      throw new FuncError(msg);
    }),
  );
  const lookup = (name: string) => env[name] ?? '';
  funcs.set(
    'env',
    fn([T_STRING], T_STRING, (name: string) => lookup(name)),
  );
  funcs.set(
    'expandenv',
    fn([T_STRING], T_STRING, (s: string) => expandEnv(s, lookup)),
  );
  return funcs;
}

const SPECIAL = /^[*#$@!?\-0-9]$/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** os.Expand: `$name` and `${name}` replaced; bad syntax eaten, a lone `$` kept. */
export function expandEnv(s: string, lookup: (name: string) => string): string {
  let out = '';
  let i = 0;
  for (let j = 0; j < s.length; j++) {
    if (s[j] !== '$' || j + 1 >= s.length) continue;
    out += s.slice(i, j);
    const [name, width] = shellName(s.slice(j + 1));
    if (name === '' && width > 0) {
      // invalid syntax: eaten
    } else if (name === '') out += '$';
    else out += lookup(name);
    j += width;
    i = j + 1;
  }
  return i === 0 ? s : out + s.slice(i);
}

/** os's getShellName: the variable name after a `$` and how many characters it spans. */
function shellName(s: string): [string, number] {
  if (s[0] === '{') {
    if (s.length > 2 && SPECIAL.test(s[1]!) && s[2] === '}') return [s.slice(1, 2), 3];
    for (let i = 1; i < s.length; i++) {
      if (s[i] === '}') return i === 1 ? ['', 2] : [s.slice(1, i), i + 1];
    }
    return ['', 1];
  }
  if (SPECIAL.test(s[0]!)) return [s.slice(0, 1), 1];
  let i = 0;
  while (i < s.length && NAME_CHAR.test(s[i]!)) i++;
  return [s.slice(0, i), i];
}
