/** Why a fetch failed; lets callers (and the CLI) react without parsing messages. */
export type FetchErrorCode =
  | 'http-status'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'redirect-loop'
  | 'digest-mismatch'
  | 'chart-not-found'
  | 'version-not-found'
  | 'invalid-index'
  | 'invalid-reference'
  | 'invalid-manifest'
  | 'invalid-chart'
  | 'unauthorized'
  | 'offline-miss'
  | 'aborted';

/** A chart fetch failure. `message` is what a user sees (helm's wording where helm has one). */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly code: FetchErrorCode,
    readonly details: {
      /** The URL that failed, when one did. */
      url?: string;
      /** The HTTP status, when a server answered. */
      status?: number;
      /** Versions the repository or registry does have (newest first), for not-found errors. */
      availableVersions?: string[];
      /** helm's own text, where `message` says more (a not-found error listing the versions). */
      helmText?: string;
      /**
       * The chart that was pulled when only its provenance file could not be (helm prints the
       * `Pulled:` lines of an OCI chart before that error).
       */
      chart?: import('./options.js').PulledChart;
      /**
       * What a chart URL served when it is no chart archive, and the file name helm would have saved
       * it under (helm names that file when it refuses the content).
       */
      download?: { bytes: Uint8Array; fileName: string };
      /**
       * A registry that asked for basic credentials none were found for (`credentialSent` false), or
       * refused those sent: its 401 answer, for callers that word it as helm's registry clients do.
       */
      basicAuthRefused?: { response: import('./http.js').HttpResponse; credentialSent: boolean };
      /**
       * A registry's bearer-token exchange that failed: the token endpoint's answer (`token`), or the
       * registry's 401 to the token it gave (`registry`, with the challenge's `error`), and the
       * request that needed it.
       */
      bearerRefused?: {
        request: string;
        token?: import('./http.js').HttpResponse;
        registry?: import('./http.js').HttpResponse;
        challengeError?: string;
      };
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FetchError';
  }

  get url(): string | undefined {
    return this.details.url;
  }

  get status(): number | undefined {
    return this.details.status;
  }
}

/** Whether another attempt may succeed (transient network or server trouble). */
export function isRetryable(err: unknown): boolean {
  return err instanceof FetchError && (err.code === 'network' || err.code === 'timeout');
}
