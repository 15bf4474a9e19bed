/**
 * Reference data copied from the product's fixed list `categories.json` (as of 2020-07-30).
 * Sources:
 * - https://github.com/MicrosoftDocs/azure-docs/blob/b1ac8fd49beeaae11df5fd2e1bb0ce2f2fd6ca05/articles/marketplace/includes/categories.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/2204024fa86b8ce0cab62d93f80237fc88c91e86/articles/marketplace/includes/categories.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/048f89c52dfe5c197df326c83aa87dfc4dc893c3/articles/marketplace/gtm-offer-listing-best-practices.md
 * - https://github.com/isamllr/azure-docs/blob/04f1841926b6cf787070010d00bca822e466ef14/articles/marketplace/gtm-offer-listing-best-practices.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/58618320fbb4604cd57f142f440286b9ff17e6c0/articles/marketplace/partner-center-portal/create-new-customer-engagement-offer.md
 * - https://docs.microsoft.com/azure/marketplace/gtm-offer-listing-best-practices
 *
 * Items are the AppSource column of includes/categories.md (ms.date 07/30/2020); the doc lists
 * categories per storefront, and the offer listing best practices page (ms.date 07/06/2020) maps
 * 'Dynamics 365 Customer Engagement & Power Platform' offers to AppSource categories only, so the
 * Azure Marketplace column was dropped. The docs in force in early 2020 (when the 1-3 rule
 * applied) did not enumerate the category list at all; the 07/30/2020 list is the earliest one
 * found and may differ from what Partner Center offered before July 2020. Other docs describe a
 * different rule: the best-practices page (04/16/2020 and 07/06/2020) says up to two categories
 * with up to two subcategories each, and the D365 CE properties page (04/20/2021) says one primary
 * plus one optional secondary category with up to two subcategories each ('Not applicable'
 * allowed); subcategories are kept here for that model. The offer-type doc's 1-3 rule is the one
 * given in selectionRule. Two stored 07/30/2020 revisions differ only in '&' vs 'and' in names;
 * the '&' spelling is used as name and the 'and' spelling as altName. ids are kebab-case of name
 * ('&' -> 'and', '+' -> 'plus').
 */

/** A marketplace category (AppSource). Subcategories are kept for reference; offers select categories by id. */
export interface Category {
  readonly id: string;
  readonly name: string;
  readonly altName?: string;
  readonly subcategories: readonly {
    readonly id: string;
    readonly name: string;
    readonly altName?: string;
  }[];
}

export const categories = [
  {
    id: 'analytics',
    name: 'Analytics',
    subcategories: [
      {
        id: 'advanced-analytics',
        name: 'Advanced Analytics',
      },
      {
        id: 'visualization-and-reporting',
        name: 'Visualization & Reporting',
        altName: 'Visualization and Reporting',
      },
    ],
  },
  {
    id: 'ai-plus-machine-learning',
    name: 'AI + Machine Learning',
    subcategories: [
      {
        id: 'ai-for-business',
        name: 'AI for Business',
      },
      {
        id: 'bot-apps',
        name: 'Bot Apps',
      },
    ],
  },
  {
    id: 'collaboration',
    name: 'Collaboration',
    subcategories: [
      {
        id: 'contact-and-people',
        name: 'Contact & People',
        altName: 'Contact and People',
      },
      {
        id: 'meeting-management',
        name: 'Meeting Management',
      },
      {
        id: 'site-design-and-management',
        name: 'Site Design & Management',
        altName: 'Site Design and Management',
      },
      {
        id: 'task-and-project-management',
        name: 'Task & Project Management',
        altName: 'Task and Project Management',
      },
      {
        id: 'voice-and-video-conferencing',
        name: 'Voice & Video Conferencing',
        altName: 'Voice and Video Conferencing',
      },
    ],
  },
  {
    id: 'compliance-and-legal',
    name: 'Compliance & Legal',
    altName: 'Compliance and Legal',
    subcategories: [
      {
        id: 'tax-and-audit',
        name: 'Tax & Audit',
        altName: 'Tax and Audit',
      },
      {
        id: 'legal',
        name: 'Legal',
      },
      {
        id: 'data-governance-and-privacy',
        name: 'Data, Governance & Privacy',
        altName: 'Data, Governance and Privacy',
      },
      {
        id: 'health-and-safety',
        name: 'Health & Safety',
        altName: 'Health and Safety',
      },
    ],
  },
  {
    id: 'customer-service',
    name: 'Customer Service',
    subcategories: [
      {
        id: 'contact-center',
        name: 'Contact Center',
      },
      {
        id: 'face-to-face-service',
        name: 'Face to Face Service',
      },
      {
        id: 'back-office-and-employee-service',
        name: 'Back Office & Employee Service',
        altName: 'Back Office and Employee Service',
      },
      {
        id: 'knowledge-and-case-management',
        name: 'Knowledge & Case Management',
        altName: 'Knowledge and Case Management',
      },
      {
        id: 'social-media-and-omnichannel-engagement',
        name: 'Social Media & Omnichannel Engagement',
        altName: 'Social Media and Omnichannel Engagement',
      },
    ],
  },
  {
    id: 'finance',
    name: 'Finance',
    subcategories: [
      {
        id: 'accounting',
        name: 'Accounting',
      },
      {
        id: 'asset-management',
        name: 'Asset Management',
      },
      {
        id: 'analytics-consolidation-and-reporting',
        name: 'Analytics, Consolidation & Reporting',
        altName: 'Analytics, Consolidation and Reporting',
      },
      {
        id: 'credit-and-collections',
        name: 'Credit & Collections',
        altName: 'Credit and Collections',
      },
      {
        id: 'compliance-and-risk-management',
        name: 'Compliance & Risk Management',
        altName: 'Compliance and Risk Management',
      },
    ],
  },
  {
    id: 'geolocation',
    name: 'Geolocation',
    subcategories: [
      {
        id: 'maps',
        name: 'Maps',
      },
      {
        id: 'news-and-weather',
        name: 'News & Weather',
        altName: 'News and Weather',
      },
    ],
  },
  {
    id: 'human-resources',
    name: 'Human Resources',
    subcategories: [
      {
        id: 'talent-acquisition',
        name: 'Talent Acquisition',
      },
      {
        id: 'talent-management',
        name: 'Talent Management',
      },
      {
        id: 'hr-operations',
        name: 'HR Operations',
      },
      {
        id: 'workforce-planning-and-analytics',
        name: 'Workforce Planning & Analytics',
        altName: 'Workforce Planning and Analytics',
      },
    ],
  },
  {
    id: 'it-and-management-tools',
    name: 'IT & Management Tools',
    altName: 'IT and Management Tools',
    subcategories: [
      {
        id: 'management-solutions',
        name: 'Management Solutions',
      },
      {
        id: 'business-applications',
        name: 'Business Applications',
      },
    ],
  },
  {
    id: 'internet-of-things',
    name: 'Internet of Things',
    subcategories: [
      {
        id: 'asset-management-and-operations',
        name: 'Asset Management & Operations',
        altName: 'Asset Management and Operations',
      },
      {
        id: 'connected-products',
        name: 'Connected Products',
      },
      {
        id: 'intelligent-supply-chain',
        name: 'Intelligent Supply Chain',
      },
      {
        id: 'predictive-maintenance',
        name: 'Predictive Maintenance',
      },
      {
        id: 'remote-monitoring',
        name: 'Remote Monitoring',
      },
      {
        id: 'safety-and-security',
        name: 'Safety & Security',
        altName: 'Safety and Security',
      },
      {
        id: 'smart-infrastructure-and-resources',
        name: 'Smart Infrastructure & Resources',
        altName: 'Smart Infrastructure and Resources',
      },
      {
        id: 'vehicles-and-mobility',
        name: 'Vehicles & Mobility',
        altName: 'Vehicles and Mobility',
      },
    ],
  },
  {
    id: 'marketing',
    name: 'Marketing',
    subcategories: [
      {
        id: 'advertisement',
        name: 'Advertisement',
      },
      {
        id: 'analytics',
        name: 'Analytics',
      },
      {
        id: 'campaign-management-and-automation',
        name: 'Campaign Management & Automation',
        altName: 'Campaign Management and Automation',
      },
      {
        id: 'email-marketing',
        name: 'Email Marketing',
      },
      {
        id: 'events-and-resource-management',
        name: 'Events & Resource Management',
        altName: 'Events and Resource Management',
      },
      {
        id: 'research-and-analysis',
        name: 'Research & Analysis',
        altName: 'Research and Analysis',
      },
      {
        id: 'social-media',
        name: 'Social Media',
      },
    ],
  },
  {
    id: 'operations-and-supply-chain',
    name: 'Operations & Supply Chain',
    altName: 'Operations and Supply Chain',
    subcategories: [
      {
        id: 'asset-and-production-management',
        name: 'Asset & Production Management',
        altName: 'Asset and Production Management',
      },
      {
        id: 'demand-forecasting',
        name: 'Demand Forecasting',
      },
      {
        id: 'information-management-and-connectivity',
        name: 'Information Management & Connectivity',
        altName: 'Information Management and Connectivity',
      },
      {
        id: 'planning-purchasing-and-reporting',
        name: 'Planning, Purchasing & Reporting',
        altName: 'Planning, Purchasing and Reporting',
      },
      {
        id: 'quality-and-service-management',
        name: 'Quality & Service Management',
        altName: 'Quality and Service Management',
      },
      {
        id: 'sales-and-order-management',
        name: 'Sales & Order Management',
        altName: 'Sales and Order Management',
      },
      {
        id: 'transportation-and-warehouse-management',
        name: 'Transportation & Warehouse Management',
        altName: 'Transportation and Warehouse Management',
      },
    ],
  },
  {
    id: 'productivity',
    name: 'Productivity',
    subcategories: [
      {
        id: 'content-creation-and-management',
        name: 'Content Creation & Management',
        altName: 'Content Creation and Management',
      },
      {
        id: 'document-management',
        name: 'Document Management',
      },
      {
        id: 'email-management',
        name: 'Email Management',
      },
      {
        id: 'language-and-translation',
        name: 'Language & Translation',
        altName: 'Language and Translation',
      },
      {
        id: 'search-and-reference',
        name: 'Search & Reference',
        altName: 'Search and Reference',
      },
      {
        id: 'gamification',
        name: 'Gamification',
      },
    ],
  },
  {
    id: 'sales',
    name: 'Sales',
    subcategories: [
      {
        id: 'telesales',
        name: 'Telesales',
      },
      {
        id: 'configure-price-quote',
        name: 'Configure, Price, Quote (CPQ)',
      },
      {
        id: 'contract-management',
        name: 'Contract Management',
      },
      {
        id: 'crm',
        name: 'CRM',
      },
      {
        id: 'e-commerce',
        name: 'E-commerce',
      },
      {
        id: 'business-data-enrichment',
        name: 'Business Data Enrichment',
      },
      {
        id: 'sales-enablement',
        name: 'Sales Enablement',
      },
    ],
  },
] as const satisfies readonly Category[];

export type CategoryId = (typeof categories)[number]['id'];

export const categoryIds = categories.map((c) => c.id) as [CategoryId, ...CategoryId[]];

/** 'Select a minimum of one and a maximum of three categories.' */
export const categorySelection = { min: 1, max: 3 } as const;

export function findCategory(id: string): Category | undefined {
  return categories.find((c) => c.id === id);
}
