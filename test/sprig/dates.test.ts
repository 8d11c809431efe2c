/**
 * Date functions and the time.Time model: the verified lines of helm-semantics §4.12 as unit tests,
 * then differential tests against helm 3 and helm 4 with generated layouts, Unix times, zones,
 * parse inputs and durations (byte-for-byte).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTemplateString } from '../../src/gotemplate/index.js';
import { formatTime, intlLocation, loadLocation, parseDuration, resetLocal, unixTime } from '../../src/sprig/time.js';
import { renderLines } from '../support/helm-render.js';
import { diffBatch, FUNCS, goLit, HELM_READY, helmLine, ours, SEED, SKIP_REASON } from './time-support.js';

const render = (t: string) => renderTemplateString(t, { funcs: FUNCS, compat: 'helm3' });

describe('helm-semantics §4.12 (verified outputs)', () => {
  beforeAll(() => {
    process.env.TZ = 'UTC';
    resetLocal();
  });

  it('formats toDate results and prints time.Time like Go', () => {
    expect(
      render(
        '{{ date "2006-01-02 15:04:05 MST" (toDate "2006-01-02" "2024-03-05") }} | {{ toDate "2006-01-02" "2024-03-05" }}',
      ),
    ).toBe('2024-03-05 00:00:00 UTC | 2024-03-05 00:00:00 +0000 UTC');
  });

  it('keeps parsed offsets and converts to the local zone in date', () => {
    const t = '{{ $t := toDate "2006-01-02T15:04:05Z07:00" "2024-03-05T14:07:09+02:00" }}';
    expect(render(`${t}{{ $t }}`)).toBe('2024-03-05 14:07:09 +0200 +0200');
    expect(render(`${t}{{ $t | date "Mon Jan _2 3:04PM 2006 .000 -0700 Z07:00" }}`)).toBe(
      'Tue Mar  5 12:07PM 2024 .000 +0000 Z',
    );
    expect(render(`${t}{{ $t | date "02/01/06" }}`)).toBe('05/03/24');
  });

  it('dateInZone uses the IANA zone abbreviations', () => {
    expect(render('{{ dateInZone "15:04 MST" (toDate "2006-01-02" "2024-03-05") "Asia/Tokyo" }}')).toBe('09:00 JST');
  });

  it('treats ints as Unix seconds and strings as now', () => {
    expect(render('{{ date "2006-01-02" 0 }} {{ date "2006-01-02" 1700000000 }}')).toBe('1970-01-01 2023-11-14');
    expect(render('{{ unixEpoch (toDate "2006-01-02" "2024-03-05") }}')).toBe('1709596800');
    expect(render('{{ date "2006" "2024-01-01" }}')).toBe(String(new Date().getUTCFullYear()));
  });

  it('toDate returns the zero time on error, mustToDate the Go error', () => {
    expect(render('[{{ toDate "2006-01-02" "bad" }}]')).toBe('[0001-01-01 00:00:00 +0000 UTC]');
    expect(ours('{{ mustToDate "2006-01-02" "bad" }}', 'helm3')).toBe(
      'ERROR: parsing time "bad" as "2006-01-02": cannot parse "bad" as "2006"',
    );
  });

  it('dateModify adds a Go duration and ignores invalid ones', () => {
    expect(render('{{ dateModify "-1.5h" (toDate "2006-01-02" "2024-03-05") | date "2006-01-02 15:04" }}')).toBe(
      '2024-03-04 22:30',
    );
    expect(render('{{ dateModify "bogus" (toDate "2006-01-02" "2024-03-05") | date "2006-01-02 15:04" }}')).toBe(
      '2024-03-05 00:00',
    );
  });

  it('duration accepts only int64 or numeric strings', () => {
    expect(render('{{ duration 95 }}')).toBe('0s');
    expect(render('{{ duration (int64 95) }} {{ duration "95" }}')).toBe('1m35s 1m35s');
    expect(render('{{ duration "3700" }}')).toBe('1h1m40s');
  });

  it('durationRound', () => {
    expect(
      render(
        '{{ durationRound "95s" }} {{ durationRound (int64 95) }} {{ durationRound "48h" }} {{ durationRound "1h30m" }} {{ durationRound 90000 }}',
      ),
    ).toBe('1m 0s 2d 1h 0s');
  });

  it('durationRound and ago of a time use time.Since', () => {
    expect(render('{{ durationRound (now | dateModify "-49h") }} {{ ago (now | dateModify "-90m") }}')).toBe(
      '2d 1h30m0s',
    );
    expect(
      render(
        '{{ durationRound "-3h" }} {{ durationRound "1000h" }} {{ durationRound "10000h" }} {{ durationRound "1h" }}',
      ),
    ).toBe(
      '3h 1mo 1y 60m', // helm 3.17.3 output
    );
  });

  it('htmlDate and typeOf now', () => {
    expect(render('{{ htmlDate (toDate "2006-01-02" "2024-03-05") }} {{ htmlDate 0 }}')).toBe('2024-03-05 1970-01-01');
    expect(render('{{ typeOf now }}')).toBe('time.Time');
  });
});

describe('time.Time values (outputs observed with helm 3.17 and 4.1)', () => {
  it('methods, Duration, Month and Weekday print like Go', () => {
    const d = '(toDate "2006-01-02" "2024-03-05")';
    expect(render(`{{ ${d}.Add 5 }}`)).toBe('2024-03-05 00:00:00.000000005 +0000 UTC');
    expect(render(`{{ ${d}.Sub (toDate "2006-01-02" "2024-03-04") }}`)).toBe('24h0m0s');
    expect(render(`{{ ${d}.Location }} {{ ${d}.YearDay }} {{ ${d}.IsZero }} {{ ${d}.Month }} {{ ${d}.Weekday }}`)).toBe(
      'UTC 65 false March Tuesday', // TZ=UTC names Local "UTC", like Go
    );
    expect(render(`{{ printf "%#v" ${d} }}`)).toBe('time.Date(2024, time.March, 5, 0, 0, 0, 0, time.Local)');
    expect(render('{{ kindOf now }}')).toBe('struct');
  });

  it('deepEqual compares instant, monotonic reading and location like reflect.DeepEqual', () => {
    const t =
      '{{ $a := toDate "2006-01-02T15:04:05Z07:00" "2024-01-01T00:00:00+02:00" }}{{ $b := toDate "2006-01-02T15:04:05Z07:00" "2024-01-01T00:00:00+02:00" }}' +
      '{{ $c := toDate "2006-01-02T15:04:05Z07:00" "2024-01-01T00:00:00+05:30" }}{{ $d := toDate "2006-01-02T15:04:05Z07:00" "2024-01-01T00:00:00+05:30" }}' +
      '{{ deepEqual $a $b }} {{ deepEqual $c $d }} {{ deepEqual $a $c }} {{ deepEqual (toDate "2006" "2024") (toDate "2006" "2025") }} {{ deepEqual (toDate "2006" "2024") (toDate "2006" "2024") }} {{ deepEqual now now }}';
    // helm 3.17.3 and 4.1.4 print the same
    expect(render(t)).toBe('true true false false true false');
  });

  it('now carries a monotonic reading that UTC strips', () => {
    expect(render('{{ now }}')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}$/);
    expect(render('{{ now.UTC }}')).not.toContain('m=');
    expect(render('{{ now | dateModify "1h" }}')).toMatch(/ m=\+36\d\d\.\d{9}$/);
    expect(render('{{ ago now }}')).toBe('0s');
  });

  it('parses durations with Go errors', () => {
    expect(parseDuration('1h1m40s')).toBe(3_700_000_000_000n);
    expect(() => parseDuration('1y')).toThrow('time: unknown unit "y" in duration "1y"');
    expect(() => parseDuration('1')).toThrow('time: missing unit in duration "1"');
  });

  it('formats historical offsets from the zoneinfo database (LMT, PMT)', () => {
    const f = (u: bigint, z: string) => formatTime(unixTime(u).in(loadLocation(z)!), '2006-01-02 15:04:05 MST -0700');
    // outputs of helm 3.17.3 on this machine's tzdata
    expect(f(-5000000000n, 'America/New_York')).toBe('1811-07-23 10:10:38 LMT -0456');
    expect(f(-2000000000n, 'Europe/Paris')).toBe('1906-08-16 20:36:01 PMT +0009');
    expect(f(0n, 'Asia/Dubai')).toBe('1970-01-01 04:00:00 +04 +0400');
    expect(f(5000000000n, 'America/New_York')).toBe('2128-06-11 04:53:20 EDT -0400');
  });
});

describe('Intl fallback zones (machines without zoneinfo)', () => {
  it('give the same offsets as the TZif files', () => {
    const zones = [
      'Asia/Tokyo',
      'America/New_York',
      'Europe/Paris',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'America/St_Johns',
    ];
    const times = fc.sample(fc.bigInt({ min: 0n, max: 4_000_000_000n }), { numRuns: 200, seed: SEED });
    for (const z of zones) {
      const tzif = loadLocation(z)!;
      const intl = intlLocation(z)!;
      for (const t of times) {
        const f = (loc: typeof tzif) => formatTime(unixTime(t).in(loc), '2006-01-02 15:04:05 -07:00');
        expect(f(intl)).toBe(f(tzif));
      }
    }
    expect(intlLocation('Nope/Zone')).toBeUndefined();
  });
});

// ----- differential ---------------------------------------------------------------------------

const LAYOUT_ELEMENTS = [
  '2006',
  '06',
  'Jan',
  'January',
  '01',
  '1',
  'Mon',
  'Monday',
  '2',
  '_2',
  '02',
  '__2',
  '002',
  '15',
  '3',
  '03',
  '4',
  '04',
  '5',
  '05',
  'PM',
  'pm',
  'MST',
  'Z0700',
  'Z070000',
  'Z07',
  'Z07:00',
  'Z07:00:00',
  '-0700',
  '-070000',
  '-07',
  '-07:00',
  '-07:00:00',
  '.0',
  '.000',
  '.000000',
  '.000000000',
  '.9',
  '.999',
  '.999999999',
  ',000',
  ',999',
  ' ',
  '-',
  ':',
  '/',
  'T',
  'x',
  'Month',
  'Janet',
  '_',
  '__',
  '.',
  ',',
  '20066',
  '_2006',
  '0',
  '9',
  "'",
  'é',
];

const ZONES = [
  'UTC',
  'Local',
  '',
  'Asia/Tokyo',
  'America/New_York',
  'Europe/Paris',
  'Europe/London',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Pacific/Chatham',
  'Asia/Kathmandu',
  'Africa/Casablanca',
  'America/Sao_Paulo',
  'Pacific/Apia',
  'Etc/GMT+12',
  'Asia/Dubai',
  'Europe/Dublin',
  'America/Santiago',
  'Antarctica/Troll',
  'Nope/Zone',
  'asia/tokyo',
  '../etc/passwd',
  'Asia',
  'zone.tab',
  'EST5EDT',
  'CET',
];

const layoutArb = fc.array(fc.constantFrom(...LAYOUT_ELEMENTS), { minLength: 1, maxLength: 8 }).map((a) => a.join(''));
const unixArb = fc.oneof(
  fc.bigInt({ min: -2_000_000_000n, max: 4_200_000_000n }),
  fc.bigInt({ min: -70_000_000_000n, max: 260_000_000_000n }),
  fc.constantFrom(
    0n,
    -1n,
    1n,
    9223372036854775807n,
    -9223372036854775808n,
    -62135596800n,
    -62135596801n,
    253402300799n,
    253402300800n,
    1711846800n,
    1729990800n,
    2147483647n,
    -2147483648n,
  ),
);

function sample<T>(arb: fc.Arbitrary<T>, n: number, offset: number): T[] {
  return fc.sample(arb, { numRuns: n, seed: SEED + offset });
}

const DIFF_TIMEOUT = 120_000;

describe.skipIf(!HELM_READY)(`differential against helm (seed ${SEED})${HELM_READY ? '' : ` — ${SKIP_REASON}`}`, () => {
  beforeAll(() => {
    process.env.TZ = 'UTC';
    resetLocal();
  });

  const formatCases = sample(fc.tuple(layoutArb, unixArb, fc.constantFrom(...ZONES)), 700, 1).map(
    ([layout, unix, zone]) => `{{ dateInZone ${goLit(layout)} (int64 ${unix}) ${goLit(zone)} }}`,
  );

  // Parse inputs: values formatted from the same layout (mostly valid), some mutated.
  const parseCases = sample(
    fc.tuple(
      fc.array(fc.constantFrom(...LAYOUT_ELEMENTS.filter((e) => e !== 'é')), { minLength: 1, maxLength: 6 }),
      fc.bigInt({ min: -60_000_000_000n, max: 250_000_000_000n }),
      fc.constantFrom('UTC', 'Asia/Tokyo', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata'),
      fc.option(fc.tuple(fc.nat(30), fc.constantFrom('', '0', '9', ' ', 'x', '+', 'Z', '.5', ':', '-', 'PM')), {
        freq: 3,
      }),
    ),
    500,
    2,
  ).map(([parts, unix, zone, mutation]) => {
    const layout = parts.join('');
    let value = formatTime(unixTime(unix).in(loadLocation(zone)!), layout);
    if (mutation) {
      const [at, text] = mutation;
      const i = at % (value.length + 1);
      value = value.slice(0, i) + text + value.slice(i + (text === '' ? 1 : 0));
    }
    return `{{ $t := toDate ${goLit(layout)} ${goLit(value)} }}{{ $t }}|{{ $t.Unix }}|{{ $t.Location }}|{{ $t.YearDay }}|{{ $t.Weekday }}|{{ $t.Nanosecond }}`;
  });

  const durationStrings = fc.oneof(
    fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.nat(5000).map(String),
            fc.tuple(fc.nat(99), fc.nat(999999)).map(([a, b]) => `${a}.${b}`),
            fc.constant('.5'),
          ),
          fc.constantFrom('ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h', 'd', ''),
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map((a) => a.map(([n, u]) => n + u).join('')),
    fc.constantFrom(
      '',
      '0',
      '-0',
      '+5s',
      '-1.5h',
      '2562047h47m16.854775807s',
      '2562047h47m16.854775808s',
      '9223372036854775807ns',
      '-9223372036854775808ns',
      '1e3s',
      ' 1s',
      'x',
    ),
  );
  const signedDurations = fc.tuple(fc.boolean(), durationStrings).map(([neg, s]) => (neg ? `-${s}` : s));

  const durationCases = [
    ...sample(signedDurations, 250, 3).map(
      (s) =>
        `{{ durationRound ${goLit(s)} }}|{{ dateModify ${goLit(s)} (toDate "2006-01-02" "2024-03-10") | date "2006-01-02T15:04:05.999999999Z07:00" }}`,
    ),
    ...sample(fc.bigInt({ min: -(1n << 63n) + 1n, max: (1n << 63n) - 1n }), 150, 4).map(
      (n) => `{{ duration (int64 ${n}) }}|{{ durationRound (int64 ${n}) }}|{{ duration ${goLit(String(n))} }}`,
    ),
    ...sample(fc.bigInt({ min: -100_000_000n, max: 10_000_000_000n }), 100, 5).map(
      (n) => `{{ duration (int64 ${n}) }}|{{ duration ${goLit(`${n}`)} }}|{{ durationRound (int64 ${n}) }}`,
    ),
    '{{ duration "99999999999999999999" }}|{{ duration "-99999999999999999999" }}|{{ duration "+5" }}|{{ duration " 5" }}|{{ duration 5.0 }}',
  ];

  const methodCases = sample(
    fc.tuple(
      fc.bigInt({ min: -60_000_000_000n, max: 250_000_000_000n }),
      fc.nat(999_999_999),
      fc.constantFrom(...ZONES.slice(0, 20)),
    ),
    200,
    6,
  ).map(([unix, ns, zone]) => {
    return `{{ $t := toDate "2006-01-02T15:04:05.999999999Z07:00" ${goLit(formatTime(unixTime(unix, ns).in(loadLocation(zone)!), '2006-01-02T15:04:05.999999999Z07:00'))} }}{{ $t }}|{{ $t.UTC }}|{{ $t.UnixNano }}|{{ $t.UnixMilli }}|{{ $t.Month }}|{{ $t.Day }}|{{ $t.Hour }}|{{ $t.Minute }}|{{ $t.Second }}|{{ $t.AddDate 1 -13 40 }}|{{ $t.Round 3600000000000 }}|{{ $t.Truncate 7000000 }}|{{ $t.Sub (toDate "2006" "2000") }}|{{ ($t.Sub (toDate "2006" "2000")).Hours }}|{{ $t.Before (toDate "2006" "2000") }}|{{ printf "%#v" $t.UTC }}|{{ htmlDateInZone $t ${goLit(zone)} }}|{{ $t.Local.String }}`;
  });

  // The binary encodings (version 2 for an offset with seconds; an offset of -1 minute is an error),
  // AppendFormat, and helm 4's AppendText and AppendBinary (go1.24), which helm 3 lacks.
  const binaryGenerated = (compat: 'helm3' | 'helm4') =>
    sample(
      fc.tuple(
        fc.bigInt({ min: -60_000_000_000n, max: 250_000_000_000n }),
        fc.nat(999_999_999),
        fc.constantFrom(...ZONES.slice(0, 20)),
      ),
      120,
      7,
    ).map(([unix, ns, zone]) => {
      const text = formatTime(unixTime(unix, ns).in(loadLocation(zone)!), '2006-01-02T15:04:05.999999999Z07:00');
      const appended =
        compat === 'helm4' ? '|{{ $t.AppendBinary ($t.AppendText nil) }}|{{ $t.UTC.AppendText nil }}' : '';
      return `{{ $t := toDate "2006-01-02T15:04:05.999999999Z07:00" ${goLit(text)} }}{{ $t.MarshalBinary }}|{{ $t.UTC.GobEncode }}|{{ $t.AppendFormat nil "Jan 2 2006 15:04:05.000 Z07:00:00" | toString }}|{{ $t.AppendFormat ($t.MarshalText) " Jan" }}${appended}`;
    });
  // A generated time whose zone offset is -1 minute after truncation (London's LMT, -0:01:15) fails
  // MarshalBinary: such cases are compared one by one with the errors below.
  const binaryCases = (compat: 'helm3' | 'helm4') => [
    ...binaryGenerated(compat).filter((t) => !ours(t, compat).startsWith('ERROR: ')),
    '{{ (toDate "2006-01-02 -07:00:00" "2020-01-01 +00:44:30").MarshalBinary }}|{{ (toDate "2006-01-02 -07:00:00" "1900-01-01 -00:00:30").GobEncode }}',
  ];
  // Each fails the render: one helm run per expression.
  const binaryErrors = [
    '{{ (toDate "2006-01-02 -07:00:00" "2020-01-01 -00:01:00").MarshalBinary }}',
    '{{ (toDate "2006-01-02 -07:00:00" "2020-01-01 -00:01:30").GobEncode }}',
    '{{ (toDate "2006-01-02" "2020-01-01").AppendText nil }}',
    '{{ (toDate "2006-01-02" "2020-01-01").AppendBinary nil }}',
    '{{ ((toDate "2006-01-02" "2020-01-01").AddDate 9000 0 0).AppendText nil }}',
  ];

  for (const compat of ['helm3', 'helm4'] as const) {
    it(
      `${compat}: MarshalBinary, GobEncode, AppendFormat, AppendText, AppendBinary`,
      async () => {
        expect(await diffBatch(compat, binaryCases(compat))).toEqual([]);
        const errors = [
          ...binaryErrors,
          ...binaryGenerated(compat)
            .filter((t) => ours(t, compat).startsWith('ERROR: '))
            .slice(0, 4),
        ];
        const helm = await renderLines(compat, errors);
        expect(errors.map((e) => ours(e, compat))).toEqual(helm.map(helmLine));
      },
      DIFF_TIMEOUT,
    );
    it(
      `${compat}: dateInZone with generated layouts, Unix times and zones`,
      async () => {
        expect(await diffBatch(compat, formatCases)).toEqual([]);
      },
      DIFF_TIMEOUT,
    );
    it(
      `${compat}: toDate with generated layouts and values`,
      async () => {
        expect(await diffBatch(compat, parseCases)).toEqual([]);
      },
      DIFF_TIMEOUT,
    );
    it(
      `${compat}: duration, durationRound, dateModify`,
      async () => {
        expect(await diffBatch(compat, durationCases)).toEqual([]);
      },
      DIFF_TIMEOUT,
    );
    it(
      `${compat}: time.Time methods`,
      async () => {
        expect(await diffBatch(compat, methodCases)).toEqual([]);
      },
      DIFF_TIMEOUT,
    );
  }
});

describe.skipIf(!HELM_READY)('differential: errors and the TZ environment', () => {
  const saved = process.env.TZ;
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
    resetLocal();
  });

  it(
    'mustToDate and mustDateModify errors match helm 3',
    async () => {
      const exprs = [
        '{{ mustToDate "2006-01-02" "bad" }}',
        '{{ mustToDate "2006-01-02" "2024-02-30" }}',
        '{{ mustToDate "2006-01-02 15:04" "2024-02-03 25:00" }}',
        '{{ mustToDate "Jan _2" "Fob  3" }}',
        '{{ mustToDate "2006-01-02" "2024-01-02x" }}',
        '{{ mustToDate "2006-002" "2023-366" }}',
        '{{ mustToDate "2006-01-002" "2024-02-061" }}',
        '{{ mustToDate "-07:00" "+25:00" }}',
        '{{ mustToDate "-0700" "+1x00" }}',
        '{{ mustToDate "MST" "abc" }}',
        '{{ mustToDate "05.000" "01.12" }}',
        '{{ mustToDate "2006-01-02" "é\\u0001\\"\\\\" }}',
        '{{ mustDateModify "1y" now }}',
        '{{ mustDateModify "" now }}',
        '{{ mustDateModify "9999999999h" now }}',
        '{{ mustDateModify ".s" now }}',
      ];
      const helm = await renderLines('helm3', exprs);
      const mine = exprs.map((e) => ours(e, 'helm3'));
      expect(mine).toEqual(helm.map(helmLine));
    },
    DIFF_TIMEOUT,
  );

  for (const tz of [
    undefined,
    'America/New_York',
    'Asia/Kolkata',
    'Australia/Lord_Howe',
    '',
    ':Europe/Paris',
    'Bogus/Zone',
  ]) {
    it(
      `TZ=${JSON.stringify(tz)}: date, toDate and Local match helm 4`,
      async () => {
        if (tz === undefined) delete process.env.TZ;
        else process.env.TZ = tz;
        resetLocal();
        const exprs = [
          '{{ date "2006-01-02 15:04:05 MST -0700" (int64 1720000000) }}',
          '{{ date "2006-01-02 15:04:05 MST -0700" (int64 1700000000) }}',
          '{{ toDate "2006-01-02 15:04" "2024-03-10 02:30" }}',
          '{{ toDate "2006-01-02 15:04" "2024-11-03 01:30" }}',
          '{{ toDate "2006-01-02T15:04:05Z07:00" "2024-07-01T12:00:00-04:00" }}',
          '{{ toDate "2006-01-02 MST" "2024-07-01 EDT" }}',
          '{{ toDate "2006-01-02 MST" "2024-07-01 XYZ" }}',
          '{{ toDate "2006-01-02 MST" "2024-07-01 GMT+3" }}',
          '{{ (toDate "2006" "2024").Location }}',
          '{{ printf "%#v" (toDate "2006" "2024") }}',
          '{{ htmlDate (int64 1720000000) }}',
        ];
        const helm = await renderLines('helm4', exprs);
        const mine = exprs.map((e) => ours(e, 'helm4'));
        expect(mine).toEqual(helm.map(helmLine));
      },
      DIFF_TIMEOUT,
    );
  }
});
