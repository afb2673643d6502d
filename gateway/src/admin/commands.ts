import crypto from 'node:crypto';
import { IdentityError, type Identities } from '../auth/identities.js';
import type { IdentityStore } from '../db/identity-store.js';

export const ADMIN_USAGE = `npm run admin -- <command>
  user list
  user add <username> --role leader|duty|operator|participant --scope <area code> [--password <p>]
  user add <username> --role worker --scope <grid code> --worker <worker id>   (a grid worker's phone account)
  user disable <username> | user enable <username>
  user reset <username> [--password <p>]          (a new password is generated when none is given)
  key list
  key add <name> --scope <area code> [--rate <items/s>] [--roles inspector,department]   (prints the new key once)
  key disable <name> | key enable <name>`;

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
export async function runAdminCommand(ids: Identities, store: IdentityStore, argv: string[]): Promise<string> {
  const [noun, verb, name, ...rest] = argv;
  const audit = (action: string, target: string, detail?: unknown) => store.audit({ actor: 'admin-cli', action, target, detail, scope: detail && typeof detail === 'object' && 'scope' in detail ? String(detail.scope) : null });
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
