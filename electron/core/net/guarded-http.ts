import http from 'node:http';
import https from 'node:https';
import type { TargetPolicy } from './target-policy.js';

/**
 * One request from a rule `http` action, under the target policy: the status code, or an
 * error whose message is for the log only. Redirects are not followed (a redirect could
 * lead anywhere the policy refuses).
 */
export function guardedCall(policy: TargetPolicy, target: string, method: 'GET' | 'POST', body: string | undefined, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let url: URL;
    let guard: ReturnType<TargetPolicy['requestOptions']>;
    try {
      url = new URL(target);
      guard = policy.requestOptions(url);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    const req = (url.protocol === 'https:' ? https : http).request(url, { method, timeout: timeoutMs, headers: { 'user-agent': 'Watchdesk' }, ...guard }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(method === 'POST' ? body ?? '' : undefined);
  });
}
