/** The Mattermost server version whose API v4 Prat implements: clients and mmctl check it. */
export const API_VERSION = '11.9.0';
/** Prat's own version. */
export const PRAT_VERSION = '0.1.0';
/** Mattermost's build-number slot; dots are separators in X-Version-Id, so none here. */
export const BUILD_NUMBER = `prat-${PRAT_VERSION.replaceAll('.', '-')}`;

/** X-Version-Id: <version>.<build>.<config hash>.<licensed>, as mmctl and the web app parse it. */
export const versionHeader = (configHash: string) => `${API_VERSION}.${BUILD_NUMBER}.${configHash}.false`;
