// Azure Communication Services e-mail: an Email Communication Service with an Azure managed
// domain (xxxx.azurecomm.net, verified by Azure, no DNS to set up), linked to a Communication
// Services resource whose endpoint the app calls with its managed identity. An Azure managed
// domain sends from DoNotReply@<domain> only; a custom sender needs a custom (verified) domain.

param tags object
param communicationServiceName string
param emailServiceName string
param dataLocation string

module emailService 'br/public:avm/res/communication/email-service:0.4.5' = {
  name: 'emailService'
  params: {
    name: emailServiceName
    location: 'global'
    tags: tags
    dataLocation: dataLocation
    domains: [
      {
        name: 'AzureManagedDomain'
        domainManagement: 'AzureManaged'
        // No open or click tracking in transactional mail.
        userEngagementTracking: 'Disabled'
      }
    ]
  }
}

module communicationService 'br/public:avm/res/communication/communication-service:0.5.0' = {
  name: 'communicationService'
  params: {
    name: communicationServiceName
    location: 'global'
    tags: tags
    dataLocation: dataLocation
    linkedDomains: emailService.outputs.domainResourceIds
  }
}

output communicationServiceName string = communicationService.outputs.name
output endpoint string = 'https://${communicationService.outputs.endpoint}'
output senderAddress string = 'DoNotReply@${emailService.outputs.domainFromSenderDomains[0]}'
