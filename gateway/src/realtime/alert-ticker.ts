import type { AlertView } from '../../protocol/feeds.js';
import { checkRules, evaluateRule, type AlertCandidate, type AlertRule } from '../domain/alert-rules.js';
import { raiseAlert, type AlertQueries } from '../db/alert-queries.js';
import type { Writer } from '../db/writer.js';
import type { Logger } from '../log.js';

export interface AlertTickerOptions {
  writer: Writer;
  queries: AlertQueries;
  rules: readonly AlertRule[];
  /** evaluation period; 0 evaluates only when `evaluate()` is called */
  everyMs: number;
  log: Logger;
  /** the clock (tests) */
  now?: () => number;
}

export interface AlertTicker {
  /** one evaluation of every rule now; resolves with the alerts stored (duplicates of open ones are not) */
  evaluate(): Promise<AlertView[]>;
  /** stops the timer and waits for an evaluation in progress */
  stop(): Promise<void>;
}

/**
 * Early warning on a tick: the counts are read with DuckDB outside the writer, the pure rules
 * decide, and the new alerts are stored in one writer apply step — so each gets a seq in order
 * with every other change and reaches the screens of its scope as an AlertView. De-duplication
 * happens inside that step: one open alert per rule + area, and none again for the same window.
 */
export function startAlertTicker(opts: AlertTickerOptions): AlertTicker {
  const problems = checkRules(opts.rules);
  if (problems.length) throw new Error(`bad alert rules: ${problems.join('; ')}`);
  const now = opts.now ?? Date.now;
  let running: Promise<AlertView[]> | null = null;
  let stopped = false;

  async function run(): Promise<AlertView[]> {
    const t = now();
    const found: AlertCandidate[] = [];
    for (const rule of opts.rules) {
      try {
        found.push(...evaluateRule(rule, await opts.queries.countsFor(rule, t), t));
      } catch (err) {
        opts.log.warn({ err, rule: rule.id }, 'alert rule evaluation failed');
      }
    }
    if (!found.length || stopped) return [];
    const stored = await opts.writer.apply(async (ctx) => {
      const views: AlertView[] = [];
      for (const c of found) {
        const view = await raiseAlert(ctx, {
          kind: c.kind,
          rule: c.rule,
          areaCode: c.areaCode,
          category: c.category,
          value: c.value,
          baseline: c.baseline,
          message: c.message,
          windowStart: c.windowStart,
        });
        if (view) views.push(view);
      }
      return { result: views, changes: { alerts: views } };
    });
    if (stored.length) opts.log.info({ alerts: stored.length, ms: now() - t }, 'alerts raised');
    return stored;
  }

  function evaluate(): Promise<AlertView[]> {
    // one evaluation at a time: a tick that finds one running shares it
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  }

  const timer =
    opts.everyMs > 0
      ? setInterval(() => {
          evaluate().catch((err: unknown) => opts.log.warn({ err }, 'alert tick failed'));
        }, opts.everyMs)
      : null;
  timer?.unref();

  return {
    evaluate,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
