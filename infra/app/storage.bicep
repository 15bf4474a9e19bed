// Two storage accounts, both with shared keys off (Microsoft Entra authorisation only):
// - host: AzureWebJobsStorage of the Function App: the Flex Consumption deployment package
//   (blob) and the Durable Functions task hub (queues and tables, hence both services on).
// - assets: the listing assets. Kept apart so that the assets' lifecycle, CORS and access
//   reviews do not touch the runtime's own storage, and the app's identity can be given
//   narrower rights there.

param location string
param tags object
param hostStorageAccountName string
param assetsStorageAccountName string
param deploymentContainerName string

@description('Origins allowed to upload to the assets account with a SAS from a browser (the publisher portal). Empty: no browser uploads.')
param assetsCorsOrigins array = []

// Blob containers of the assets account: the names the assets adapter uses.
var assetsContainers = [
  // Uploads land here through a write-only SAS and wait for their commit.
  'uploads'
  // Committed assets, content-addressed and never overwritten.
  'assets'
]

module hostStorage 'br/public:avm/res/storage/storage-account:0.33.0' = {
  name: 'hostStorage'
  params: {
    name: hostStorageAccountName
    location: location
    tags: tags
    kind: 'StorageV2'
    skuName: 'Standard_LRS'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      containers: [
        { name: deploymentContainerName }
      ]
    }
    // The Durable task hub creates its own queues and tables; declaring the services keeps
    // them on and in the template's view.
    queueServices: {}
    tableServices: {}
  }
}

module assetsStorage 'br/public:avm/res/storage/storage-account:0.33.0' = {
  name: 'assetsStorage'
  params: {
    name: assetsStorageAccountName
    location: location
    tags: tags
    kind: 'StorageV2'
    skuName: 'Standard_LRS'
    allowSharedKeyAccess: false
    // Drafts are never public; customers read live images through short-lived user delegation SAS.
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    blobServices: {
      // Recover an asset deleted by mistake for a week.
      deleteRetentionPolicyEnabled: true
      deleteRetentionPolicyDays: 7
      containerDeleteRetentionPolicyEnabled: true
      containerDeleteRetentionPolicyDays: 7
      corsRules: empty(assetsCorsOrigins)
        ? []
        : [
            {
              allowedOrigins: assetsCorsOrigins
              allowedMethods: ['PUT', 'GET', 'HEAD', 'OPTIONS']
              allowedHeaders: ['content-type', 'x-ms-blob-type', 'x-ms-version', 'x-ms-date', 'x-ms-client-request-id']
              exposedHeaders: ['etag', 'x-ms-request-id']
              maxAgeInSeconds: 3600
            }
          ]
      containers: [for container in assetsContainers: { name: container, publicAccess: 'None' }]
    }
  }
}

output hostStorageAccountName string = hostStorage.outputs.name
output hostBlobEndpoint string = hostStorage.outputs.serviceEndpoints.blob
output assetsStorageAccountName string = assetsStorage.outputs.name
output assetsBlobEndpoint string = assetsStorage.outputs.serviceEndpoints.blob
