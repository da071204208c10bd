/**
 * EXAMPLE ONLY — not part of the gateway. In-memory records of the sample CRM subgraph, derived
 * from the simulated portal's data set so that ticket, contact and thread ids line up with what
 * the gateway reads from the simulated HubSpot.
 */
import type { SimulatedDataset } from '../../src/simulator/index.ts';

export interface CrmTicket {
  id: string;
  subject: string | null;
  priority: string | null;
  pipelineStage: string | null;
  createdAt: string;
  /** Every CRM property, as HubSpot's strings. */
  properties: Record<string, string | null>;
}

export interface CrmContact {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
}

/** A CRM-side record that references a conversation thread by its HubSpot id. */
export interface CrmSupportCase {
  id: string;
  title: string;
  ticketId: string;
  threadId: string;
  /** The thread's associated contact id (may be a visitor id the CRM does not know). */
  contactId: string;
}

export interface CrmData {
  /** Tickets that are not archived, in the data set's order. */
  tickets: CrmTicket[];
  ticketById: Map<string, CrmTicket>;
  /** Known CRM contacts (visitor-only ids are not CRM contacts), in the data set's order. */
  contacts: CrmContact[];
  contactById: Map<string, CrmContact>;
  /** One case per ticket that has a thread which is not archived. */
  supportCases: CrmSupportCase[];
  supportCaseById: Map<string, CrmSupportCase>;
}

export function crmDataFrom(data: SimulatedDataset): CrmData {
  const tickets = data.tickets
    .filter((t) => !t.archived)
    .map((t): CrmTicket => ({
      id: t.id,
      subject: t.properties.subject ?? null,
      priority: t.properties.hs_ticket_priority ?? null,
      pipelineStage: t.properties.hs_pipeline_stage ?? null,
      createdAt: new Date(t.createdAt).toISOString(),
      properties: { ...t.properties },
    }));
  const contacts = data.contacts
    .filter((c) => !c.visitorOnly)
    .map((c): CrmContact => {
      const [first, ...rest] = (c.name ?? '').split(' ').filter(Boolean);
      return {
        id: c.id,
        firstName: first ?? null,
        lastName: rest.length > 0 ? rest.join(' ') : null,
        email: c.email ?? null,
      };
    });
  const supportCases: CrmSupportCase[] = [];
  for (const ticket of data.tickets) {
    if (ticket.archived) continue;
    const thread = ticket.threadIds
      .map((id) => data.threadById.get(id))
      .find((t) => t !== undefined && !t.archived);
    if (!thread) continue;
    supportCases.push({
      id: `SC-${ticket.id}`,
      title: `Case for ticket ${ticket.id}: ${ticket.properties.subject ?? '(no subject)'}`,
      ticketId: ticket.id,
      threadId: thread.id,
      contactId: thread.associatedContactId,
    });
  }
  return {
    tickets,
    ticketById: new Map(tickets.map((t) => [t.id, t])),
    contacts,
    contactById: new Map(contacts.map((c) => [c.id, c])),
    supportCases,
    supportCaseById: new Map(supportCases.map((c) => [c.id, c])),
  };
}
