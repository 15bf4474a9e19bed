// Log Analytics workspace and a workspace-based Application Insights with local (key) auth off:
// the app sends telemetry with its managed identity (Monitoring Metrics Publisher, rbac.bicep).

param location string
param tags object
param logAnalyticsName string
param applicationInsightsName string

@description('Days logs are kept; 30 is the retention included in the ingestion price.')
@allowed([30, 60, 90, 120, 180, 270, 365])
param retentionInDays int = 30

module logAnalytics 'br/public:avm/res/operational-insights/workspace:0.16.1' = {
  name: 'logAnalytics'
  params: {
    name: logAnalyticsName
    location: location
    tags: tags
    skuName: 'PerGB2018'
    dataRetention: retentionInDays
  }
}

module applicationInsights 'br/public:avm/res/insights/component:0.8.0' = {
  name: 'applicationInsights'
  params: {
    name: applicationInsightsName
    location: location
    tags: tags
    workspaceResourceId: logAnalytics.outputs.resourceId
    retentionInDays: retentionInDays
    disableLocalAuth: true
    // Client IPs of publishers and customers are personal data: keep them masked.
    disableIpMasking: false
  }
}

output applicationInsightsName string = applicationInsights.outputs.name
output applicationInsightsConnectionString string = applicationInsights.outputs.connectionString
output logAnalyticsWorkspaceId string = logAnalytics.outputs.resourceId
