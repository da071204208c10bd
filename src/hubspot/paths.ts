/** HubSpot API path families, selected by HUBSPOT_API_VERSION. */
export const API_VERSIONS = ['2026-09', '2026-09-beta', 'v3'] as const;
export type ApiVersion = (typeof API_VERSIONS)[number];

export interface HubSpotPaths {
  /** Prefix of every Conversations path, without a trailing slash. */
  conversations: string;
  /** CRM tickets object path, without a trailing slash. */
  tickets: string;
  /**
   * Prefix of the thread assignee operations (`{assignee}/threads/{id}/assignee`). In v3 it is
   * not the Conversations prefix: HubSpot put them under /conversations/conversations/v3.
   */
  assignee: string;
}

export function pathsFor(version: ApiVersion): HubSpotPaths {
  switch (version) {
    case 'v3':
      return {
        conversations: '/conversations/v3/conversations',
        tickets: '/crm/v3/objects/tickets',
        assignee: '/conversations/conversations/v3',
      };
    case '2026-09':
      return {
        conversations: '/conversations/conversations/2026-09',
        tickets: '/crm/objects/2026-09/tickets',
        assignee: '/conversations/conversations/2026-09',
      };
    case '2026-09-beta':
      // The CRM has no 2026-09-beta spec in use here; the GA 2026-09 tickets path serves beta callers.
      return {
        conversations: '/conversations/conversations/2026-09-beta',
        tickets: '/crm/objects/2026-09/tickets',
        assignee: '/conversations/conversations/2026-09-beta',
      };
  }
}
