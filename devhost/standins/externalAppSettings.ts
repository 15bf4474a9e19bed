import type { ExternalStandInUrls } from './externalStandIns';

/**
 * Signing secret of the local certification stand-in's callbacks (Standard Webhooks form).
 * Local only, not a secret: in Azure CERTIFICATION_WEBHOOK_SECRETS is a Key Vault reference.
 */
export const LOCAL_CERTIFICATION_WEBHOOK_SECRET = `whsec_${Buffer.from('local-certification-webhook-secret').toString('base64')}`;

/**
 * The app settings that point the app at the external stand-ins (same names as in Azure, where
 * the defaults or infra's values apply), so they are wired in by configuration only.
 */
export function externalAppSettings(urls: ExternalStandInUrls): Record<string, string> {
  return {
    CERTIFICATION_ENDPOINT: `${urls.certification}/`,
    CERTIFICATION_WEBHOOK_SECRETS: LOCAL_CERTIFICATION_WEBHOOK_SECRET,
    CRM_PROVISIONING_ENDPOINT: `${urls.crmProvisioning}/`,
    ENTRA_AUTHORITY_HOST: urls.entra,
    ARM_ENDPOINT: urls.arm,
    MARKETO_FORM_BASE_URL: `${urls.leads}/marketo/{serverId}`,
    SALESFORCE_WEB_TO_LEAD_URL: `${urls.leads}/salesforce/servlet/servlet.WebToLead?encoding=UTF-8`,
    // The stand-ins are on 127.0.0.1; publisher-configured URLs (Dataverse, lead endpoints) point there.
    OUTBOUND_ALLOW_LOOPBACK: 'true',
  };
}
