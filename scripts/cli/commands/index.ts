import type { Command } from '../command';
import { tokenCreate } from './token-create';
import { tokenList } from './token-list';
import { tokenRevoke } from './token-revoke';
import { userCreate } from './user-create';
import { userList } from './user-list';

/** Every command, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [
  userCreate,
  userList,
  tokenCreate,
  tokenList,
  tokenRevoke,
];
