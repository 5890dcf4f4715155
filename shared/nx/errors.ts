/** Nx Witness / DW Spectrum API error codes, as strings on the wire. */
export const NxCode = {
  none: '0',
  missingParameter: '1',
  invalidParameter: '2',
  cantProcessRequest: '3',
  forbidden: '4',
  badRequest: '5',
  internalServerError: '6',
} as const;
export type NxCodeValue = (typeof NxCode)[keyof typeof NxCode];

const ERROR_IDS: Record<NxCodeValue, string> = {
  '0': 'ok', '1': 'missingParameter', '2': 'invalidParameter', '3': 'cantProcessRequest',
  '4': 'forbidden', '5': 'badRequest', '6': 'internalServerError',
};

export class NxProblem extends Error {
  constructor(readonly code: NxCodeValue, message: string, readonly httpStatus = 400) {
    super(message);
  }
}

/** The legacy `/api/...` reply: `{"error":"0","errorString":"","reply":…}`. */
export function nxReply(reply: unknown = null): { error: string; errorString: string; reply: unknown } {
  return { error: NxCode.none, errorString: '', reply };
}

export function nxErrorReply(problem: NxProblem): { error: string; errorString: string; reply: null } {
  return { error: problem.code, errorString: problem.message, reply: null };
}

/** The REST v4 error body: `{"error":"2","errorId":"invalidParameter","errorString":…}`. */
export function nxRestError(problem: NxProblem): { error: string; errorId: string; errorString: string } {
  return { error: problem.code, errorId: ERROR_IDS[problem.code], errorString: problem.message };
}

export const invalidParameter = (name: string, detail = ''): NxProblem =>
  new NxProblem(NxCode.invalidParameter, `Invalid value for parameter '${name}'.${detail ? ` ${detail}` : ''}`);
