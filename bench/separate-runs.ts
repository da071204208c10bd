/**
 * The runs that start processes of their own, wired with this command line: --redis
 * (bench/redis.ts), TEAM (bench/team-inbox.ts) and FANOUT (bench/fanout.ts).
 */
import { join } from 'node:path';
import { type FanoutResult, formatFanout, runFanout } from './fanout.ts';
import { indent, log } from './log.ts';
import type { BenchOptions } from './options.ts';
import { RESULTS } from './paths.ts';
import { NODE_FLAGS } from './processes.ts';
import { summariseProfile } from './profile-summary.ts';
import { formatRedisBench, runRedisBench } from './redis.ts';
import { writeResult } from './report.ts';
import { formatTeamInbox, runTeamInbox, type TeamInboxResult } from './team-inbox.ts';

/** --redis: the REDIS_URL comparison alone, in processes of its own; writes redis.json. */
export async function runRedisOnly(options: BenchOptions): Promise<void> {
  const redis = await runRedisBench({
    durationS: options.duration,
    warmupS: options.warmup,
    connections: options.redisConnections,
    scenarios: options.redisScenarios,
    nodeFlags: NODE_FLAGS,
    log,
  });
  log(`\n${formatRedisBench(redis)}`);
  log(`\nwrote ${writeResult('redis.json', redis)}`);
}

/**
 * TEAM and FANOUT, when asked for. The team inbox runs first, in processes of its own (real
 * budget, two gateways); so does the fan-out run (its own portal and gateway, webhooks on).
 */
export async function runOwnProcessScenarios(
  options: BenchOptions,
): Promise<{ teamInbox: TeamInboxResult | undefined; fanout: FanoutResult | undefined }> {
  let teamInbox: TeamInboxResult | undefined;
  if (options.runTeam) {
    teamInbox = await runTeamInbox({
      durationS: options.teamDuration,
      nodeFlags: NODE_FLAGS,
      log,
    });
    log(formatTeamInbox(teamInbox));
  }
  let fanout: FanoutResult | undefined;
  if (options.runFanout) {
    const profileFile = join(RESULTS, 'prof', 'fanout.cpuprofile');
    fanout = await runFanout({
      subscribers: options.fanoutSubscribers,
      durationS: options.fanoutDuration,
      warmupS: options.warmup,
      nodeFlags: NODE_FLAGS,
      ...(options.profile ? { profileFile } : {}),
      log,
    });
    log(formatFanout(fanout));
    if (options.profile) {
      log(`    profile ${profileFile}\n${indent(summariseProfile(profileFile, 25))}`);
    }
  }
  return { teamInbox, fanout };
}
