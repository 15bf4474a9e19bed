// Cosmos DB for NoSQL, serverless (billed per request unit consumed and per GB stored; nothing
// per hour), keys off: the app signs in with its managed identity and the built-in data-plane
// role "Cosmos DB Built-in Data Contributor".

param location string
param tags object
param accountName string
param databaseName string = 'marketplace'

@description('Principals given the data-plane contributor role (the app\'s identity, optionally a developer).')
param dataContributorPrincipalIds array

// THE list of containers and partition keys. It must equal `containers` in
// adapters/cosmos/containers.ts (test/infra/cosmosContainers.test.ts compares them both ways).
// defaultTtl: -1 turns TTL on with no default (documents carrying `ttl` expire).
type containerSpec = {
  name: string
  partitionKey: string
  defaultTtl: int?
}

var containers containerSpec[] = [
  { name: 'offers', partitionKey: '/accountId' }
  { name: 'offerSecrets', partitionKey: '/accountId' }
  { name: 'submissions', partitionKey: '/offerId' }
  { name: 'idempotencyKeys', partitionKey: '/accountId', defaultTtl: -1 }
  { name: 'storefront', partitionKey: '/listingId' }
  { name: 'certificationInbox', partitionKey: '/submissionId' }
  { name: 'testDrives', partitionKey: '/listingId' }
  { name: 'offerLeads', partitionKey: '/listingId' }
  { name: 'quotas', partitionKey: '/key', defaultTtl: -1 }
]

module account 'br/public:avm/res/document-db/database-account:0.20.1' = {
  name: 'cosmosAccount'
  params: {
    name: accountName
    location: location
    tags: tags
    capabilitiesToAdd: ['EnableServerless']
    // One region, one zone: the cheapest shape at rest. Zone redundancy is a later choice.
    zoneRedundant: false
    disableLocalAuthentication: true
    disableKeyBasedMetadataWriteAccess: true
    defaultConsistencyLevel: 'Session'
    // Periodic backups, two copies kept at no charge.
    backupPolicyType: 'Periodic'
    backupStorageRedundancy: 'Local'
    networkRestrictions: {
      publicNetworkAccess: 'Enabled'
      ipRules: []
      virtualNetworkRules: []
    }
    sqlDatabases: [
      {
        name: databaseName
        containers: [
          for c in containers: {
            name: c.name
            paths: [c.partitionKey]
            kind: 'Hash'
            version: 2
            defaultTtl: c.?defaultTtl
          }
        ]
      }
    ]
    sqlRoleAssignments: [
      for principalId in dataContributorPrincipalIds: {
        principalId: principalId
        roleDefinitionId: 'Cosmos DB Built-in Data Contributor'
      }
    ]
  }
}

output endpoint string = account.outputs.endpoint
output accountName string = account.outputs.name
output databaseName string = databaseName
