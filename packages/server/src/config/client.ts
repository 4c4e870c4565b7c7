import type { Config } from './defaults.ts';
import { API_VERSION, BUILD_NUMBER, PRAT_VERSION } from '../version.ts';

const str = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));

/**
 * GET /config/client?format=old: the flat map of strings the clients read. Never a secret. Signed-out callers get the
 * subset needed to draw the login page.
 */
export function clientConfig(cfg: Config, signedIn: boolean): Record<string, string> {
  const s = cfg.ServiceSettings;
  const t = cfg.TeamSettings;
  const e = cfg.EmailSettings;
  const limited: Record<string, string> = {
    Version: API_VERSION,
    BuildNumber: BUILD_NUMBER,
    PratVersion: PRAT_VERSION,
    BuildEnterpriseReady: 'false',
    SiteURL: s.SiteURL,
    SiteName: t.SiteName,
    EnableUserCreation: str(t.EnableUserCreation),
    EnableOpenServer: str(t.EnableOpenServer),
    EnableSignUpWithEmail: str(e.EnableSignUpWithEmail),
    EnableSignInWithEmail: str(e.EnableSignInWithEmail),
    EnableSignInWithUsername: str(e.EnableSignInWithUsername),
    PasswordMinimumLength: str(cfg.PasswordSettings.MinimumLength),
    PasswordRequireLowercase: str(cfg.PasswordSettings.Lowercase),
    PasswordRequireUppercase: str(cfg.PasswordSettings.Uppercase),
    PasswordRequireNumber: str(cfg.PasswordSettings.Number),
    PasswordRequireSymbol: str(cfg.PasswordSettings.Symbol),
    DefaultClientLocale: cfg.LocalizationSettings.DefaultClientLocale,
    AvailableLocales: cfg.LocalizationSettings.AvailableLocales,
    TermsOfServiceLink: cfg.SupportSettings.TermsOfServiceLink,
    PrivacyPolicyLink: cfg.SupportSettings.PrivacyPolicyLink,
    AboutLink: cfg.SupportSettings.AboutLink,
    HelpLink: cfg.SupportSettings.HelpLink,
    ReportAProblemLink: cfg.SupportSettings.ReportAProblemLink,
    SupportEmail: cfg.SupportSettings.SupportEmail,
    DiagnosticsEnabled: 'false',
    TelemetryId: '',
  };
  if (!signedIn) return limited;
  return {
    ...limited,
    EnableUserAccessTokens: str(s.EnableUserAccessTokens),
    EnableIncomingWebhooks: str(s.EnableIncomingWebhooks),
    EnableOutgoingWebhooks: str(s.EnableOutgoingWebhooks),
    EnableCommands: str(s.EnableCommands),
    EnablePostUsernameOverride: str(s.EnablePostUsernameOverride),
    EnablePostIconOverride: str(s.EnablePostIconOverride),
    EnableBotAccountCreation: str(s.EnableBotAccountCreation),
    PostEditTimeLimit: str(s.PostEditTimeLimit),
    TimeBetweenUserTypingUpdatesMilliseconds: str(s.TimeBetweenUserTypingUpdatesMilliseconds),
    EnableUserTypingMessages: str(s.EnableUserTypingMessages),
    EnableChannelViewedMessages: str(s.EnableChannelViewedMessages),
    EnableDeveloper: str(s.EnableDeveloper),
    CollapsedThreads: s.CollapsedThreads,
    ThreadAutoFollow: str(s.ThreadAutoFollow),
    EnableAPIChannelDeletion: str(s.EnableAPIChannelDeletion),
    MaxFileSize: str(cfg.FileSettings.MaxFileSize),
    EnableFileAttachments: str(cfg.FileSettings.EnableFileAttachments),
    EnablePublicLink: str(cfg.FileSettings.EnablePublicLink),
    MaxNotificationsPerChannel: str(t.MaxNotificationsPerChannel),
    EnableConfirmNotificationsToChannel: str(t.EnableConfirmNotificationsToChannel),
    TeammateNameDisplay: t.TeammateNameDisplay,
    RestrictDirectMessage: t.RestrictDirectMessage,
    ExperimentalViewArchivedChannels: str(t.ExperimentalViewArchivedChannels),
    EnableCustomUserStatuses: str(t.EnableCustomUserStatuses),
    ShowEmailAddress: str(cfg.PrivacySettings.ShowEmailAddress),
    ShowFullName: str(cfg.PrivacySettings.ShowFullName),
    SendEmailNotifications: str(e.SendEmailNotifications),
    RequireEmailVerification: str(e.RequireEmailVerification),
  };
}
