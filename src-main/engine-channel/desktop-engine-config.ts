import type { EngineConfig } from '../bootstrap';
import type { Logger } from '../core/logger';
import { parseFetchAllowList } from '../fetch/url-policy';
import { terminologyServer } from '../headless-args';
import { createDataKeyCipher } from '../secrets/key-file-cipher';
import type { StartMessage } from './protocol';

/**
 * The desktop engine's bootstrap options, from its start message and the environment: full durability,
 * secrets under the keychain-kept data key (the key file where the OS has no keychain), the Electron
 * build of better-sqlite3, and the terminology server and fetch allow-list from the same variables as headless.
 */
export function desktopEngineConfig(start: StartMessage, env: Record<string, string | undefined>, logger: Logger): EngineConfig {
  const terminology = terminologyServer(env.INTEROP_TERMINOLOGY_SERVER, env.INTEROP_TERMINOLOGY_AUTHORIZATION);
  if (typeof terminology === 'string') logger.log('warn', 'terminology server setting ignored', { reason: terminology });
  const fetchAllow = parseFetchAllowList(env.INTEROP_FETCH_ALLOW ?? '');
  if (typeof fetchAllow === 'string') logger.log('warn', 'INTEROP_FETCH_ALLOW ignored', { reason: fetchAllow });
  return {
    dataDir: start.dataDir,
    logger,
    durability: 'FULL',
    supervision: start.supervision,
    ...(start.dataKey !== undefined ? { cipher: createDataKeyCipher(Buffer.from(start.dataKey, 'base64')) } : {}),
    ...(start.nativeBinding !== undefined ? { nativeBinding: start.nativeBinding } : {}),
    ...(terminology && typeof terminology !== 'string' ? { terminologyServer: terminology } : {}),
    ...(typeof fetchAllow !== 'string' ? { fetchAllow } : {}),
  };
}
