import crypto from 'node:crypto';
import { IdentityError, type Identities } from '../auth/identities.js';
import type { IdentityStore } from '../db/identity-store.js';
import type { DeviceRegistry } from '../devices/registry.js';

export const ADMIN_USAGE = `npm run admin -- <command>
  user list
  user add <username> --role leader|duty|operator|participant --scope <area code> [--password <p>]
  user add <username> --role worker --scope <grid code> --worker <worker id>   (a grid worker's phone account)
  user disable <username> | user enable <username>
  user reset <username> [--password <p>]          (a new password is generated when none is given)
  key list
  key add <name> --scope <area code> [--rate <items/s>] [--roles inspector,department]   (prints the new key once)
  key disable <name> | key enable <name>
  device list [--area <area code>] [--kind <kind>]
  device add <id> --kind <kind> --lon <lon> --lat <lat> [--name <name>] [--department <code>] [--interval <s>]   (prints the secret once)
  device disable <id> | device enable <id>
  device passwd                                    (the registry as a mosquitto password_file, for an external broker)`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new IdentityError(`--${name} needs a value`);
  return v;
}

function required(args: string[], name: string): string {
  const v = option(args, name);
  if (v === undefined) throw new IdentityError(`--${name} is required`);
  return v;
}

const generatedPassword = () => crypto.randomBytes(12).toString('base64url');

/** Runs one admin command against the identities; returns what to print. Refusals throw IdentityError. */
export async function runAdminCommand(ids: Identities, store: IdentityStore, argv: string[], devices?: DeviceRegistry): Promise<string> {
  const [noun, verb, name, ...rest] = argv;
  const audit = (action: string, target: string, detail?: unknown) => store.audit({ actor: 'admin-cli', action, target, detail, scope: detail && typeof detail === 'object' && 'scope' in detail ? String(detail.scope) : null });
  if (noun === 'device') {
    if (!devices) throw new IdentityError('devices are not managed here');
    return runDeviceCommand(devices, argv.slice(1), audit);
  }
  if (noun === 'user' && verb === 'list') {
    return ids
      .listUsers()
      .map((u) => `${u.username.padEnd(28)} ${u.role.padEnd(12)} ${u.scope.padEnd(16)} ${u.disabled ? 'disabled' : 'enabled'}${u.demo ? ' (demo)' : ''}`)
      .join('\n');
  }
  if (noun === 'key' && verb === 'list') {
    return ids
      .listKeys()
      .map((k) => `${k.name.padEnd(28)} ${k.scope.padEnd(16)} ${String(k.ratePerS).padStart(8)}/s ${(k.roles || 'reporter').padEnd(22)} ${k.disabled ? 'disabled' : 'enabled'}${k.demo ? ' (demo)' : ''}`)
      .join('\n');
  }
  if (!name) throw new IdentityError(`usage:\n${ADMIN_USAGE}`);
  const args = rest;
  switch (`${noun} ${verb}`) {
    case 'user add': {
      const role = required(args, 'role');
      const scope = required(args, 'scope');
      const given = option(args, 'password');
      const password = given ?? generatedPassword();
      const workerId = option(args, 'worker');
      await ids.addUser(name, role, scope, password, workerId);
      await audit('user_add', name, { role, scope, ...(workerId ? { workerId } : {}) });
      return given ? `added ${name} (${role}, ${scope})` : `added ${name} (${role}, ${scope}); password: ${password}`;
    }
    case 'user disable':
    case 'user enable':
      await ids.setUserDisabled(name, verb === 'disable');
      await audit(`user_${verb}`, name);
      return `${name} ${verb}d`;
    case 'user reset': {
      const given = option(args, 'password');
      const password = given ?? generatedPassword();
      await ids.resetPassword(name, password);
      await audit('user_reset', name);
      return given ? `password of ${name} reset` : `password of ${name} reset; new password: ${password}`;
    }
    case 'key add': {
      const scope = required(args, 'scope');
      const rate = option(args, 'rate');
      const roles = option(args, 'roles')?.split(',').filter(Boolean) ?? [];
      const key = await ids.addKey(name, scope, rate === undefined ? undefined : Number(rate), roles);
      await audit('key_add', name, { scope, rate, roles });
      return `added source ${name} (${scope}); key (shown once, store it now): ${key}`;
    }
    case 'key disable':
    case 'key enable':
      await ids.setKeyDisabled(name, verb === 'disable');
      await audit(`key_${verb}`, name);
      return `source ${name} ${verb}d`;
    default:
      throw new IdentityError(`unknown command "${argv.join(' ')}"; usage:\n${ADMIN_USAGE}`);
  }
}

/** `device …`: the registry of the perception network. */
async function runDeviceCommand(devices: DeviceRegistry, argv: string[], audit: (action: string, target: string, detail?: unknown) => Promise<void>): Promise<string> {
  const [verb, id, ...args] = argv;
  if (verb === 'list') {
    const all = [id, ...args].filter((a): a is string => a !== undefined);
    const area = option(all, 'area') ?? '';
    const kind = option(all, 'kind');
    const rows = devices.list(area, { kind });
    return rows.length
      ? rows.map((d) => `${d.row.id.padEnd(28)} ${d.row.kind.padEnd(18)} ${d.row.areaCode.padEnd(16)} ${d.row.disabled ? 'disabled' : d.status.padEnd(8)}${d.caseId ? ' alarm' : ''}${d.row.demo ? ' (demo)' : ''}`).join('\n')
      : 'no devices';
  }
  if (verb === 'passwd') {
    return [...devices.all()].filter((d) => !d.row.disabled).map((d) => `${d.row.id}:${d.row.secretHash}`).join('\n');
  }
  if (!id) throw new IdentityError(`usage:\n${ADMIN_USAGE}`);
  switch (verb) {
    case 'add': {
      const kind = required(args, 'kind');
      const lon = Number(required(args, 'lon'));
      const lat = Number(required(args, 'lat'));
      const interval = option(args, 'interval');
      const secret = await devices.add(id, kind, lon, lat, { name: option(args, 'name'), department: option(args, 'department'), intervalS: interval === undefined ? undefined : Number(interval) });
      const d = devices.get(id)!;
      await audit('device_add', id, { kind, scope: d.row.areaCode });
      return `added device ${id} (${kind}, ${d.row.areaCode}); secret (shown once, store it now): ${secret}`;
    }
    case 'disable':
    case 'enable':
      await devices.setDisabled(id, verb === 'disable');
      await audit(`device_${verb}`, id, { scope: devices.get(id)!.row.areaCode });
      return `device ${id} ${verb}d`;
    default:
      throw new IdentityError(`unknown command "device ${argv.join(' ')}"; usage:\n${ADMIN_USAGE}`);
  }
}
