import fs from 'node:fs';
import { IdentityError, Identities } from '../auth/identities.js';
import { openCity } from '../city.js';
import { configFromEnv } from '../config.js';
import { Database } from '../db/database.js';
import { IdentityStore } from '../db/identity-store.js';
import { DeviceStore } from '../db/device-store.js';
import { DeviceRegistry } from '../devices/registry.js';
import { loadDeviceRules } from '../devices/rules.js';
import { AreaIndex } from '../geo/areas.js';
import { adminSocketPath, sendAdminCommand } from './admin-socket.js';
import { ADMIN_USAGE, runAdminCommand } from './commands.js';

/**
 * `npm run admin -- ...`: users and source keys, stored hashed in DuckDB. With the gateway
 * running the command goes through its admin socket; with it stopped, straight to the file.
 */
async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === 'help') {
    console.log(ADMIN_USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  const config = configFromEnv();
  if (fs.existsSync(adminSocketPath(config.dataDir))) {
    try {
      const reply = await sendAdminCommand(config.dataDir, argv);
      (reply.ok ? console.log : console.error)(reply.out);
      return reply.ok ? 0 : 1;
    } catch {
      // a socket left by a gateway that is gone: use the file
    }
  }
  const db = await Database.open(config.dbFile);
  try {
    const store = new IdentityStore(db);
    const areas = AreaIndex.fromCity(openCity(config.datasetDir));
    const ids = await Identities.open(store, areas, { demo: config.demo, manageOnly: true });
    const devices = await DeviceRegistry.open(new DeviceStore(db), areas, loadDeviceRules(config.deviceRulesFile));
    console.log(await runAdminCommand(ids, store, argv, devices));
    return 0;
  } catch (err) {
    if (err instanceof IdentityError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
