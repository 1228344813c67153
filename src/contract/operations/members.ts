import { ListPageQuery, OrganizationParams, PageOf } from '../common.ts'
import { defineOperation, tags } from '../operation.ts'
import { InvitationParams, InviteMember, InviteMemberRequest } from '../schemas/invitation.ts'
import { Member, MemberReference, MemberRoleUpdateRequest } from '../schemas/member.ts'

export const getOrganizationMembers = defineOperation({
  operationId: 'getOrganizationMembers',
  method: 'GET',
  path: '/organization/{organizationId}/member',
  tag: tags.members,
  summary: "The organization's members and their roles, a page at a time (every member may read it)",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  query: ListPageQuery('members'),
  success: {
    status: 200,
    description: 'One page of members, in the order they joined',
    schema: PageOf(Member),
  },
  errors: [404],
})

export const editOrganizationMemberRole = defineOperation({
  operationId: 'editOrganizationMemberRole',
  method: 'PUT',
  path: '/organization/{organizationId}/member',
  tag: tags.members,
  summary: "Change a member's role (never to or from owner: see transferOwnership)",
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  body: MemberRoleUpdateRequest,
  success: { status: 200, description: 'The member with the new role', schema: Member },
  errors: [404, 409],
})

export const deleteMember = defineOperation({
  operationId: 'deleteMember',
  method: 'DELETE',
  path: '/organization/{organizationId}/member',
  tag: tags.members,
  summary: 'Remove a member (not the owner: transfer ownership first)',
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  body: MemberReference,
  success: { status: 204, description: 'Removed' },
  errors: [404, 409],
})

export const postOrganizationTransferOwnership = defineOperation({
  operationId: 'postOrganizationTransferOwnership',
  method: 'POST',
  path: '/organization/{organizationId}/transferOwnership',
  tag: tags.members,
  summary: 'Make another member the owner; the former owner becomes an admin (owner only)',
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  body: MemberReference,
  success: { status: 204, description: 'Ownership transferred' },
  errors: [404],
})

export const getOrganizationInvitedMembers = defineOperation({
  operationId: 'getOrganizationInvitedMembers',
  method: 'GET',
  path: '/organization/{organizationId}/inviteMember',
  tag: tags.members,
  summary: 'The pending invitations, a page at a time (owner, admin)',
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  query: ListPageQuery('invitations'),
  success: {
    status: 200,
    description: 'One page of pending invitations, newest first',
    schema: PageOf(InviteMember),
  },
  errors: [403, 404],
})

export const postInviteMember = defineOperation({
  operationId: 'postInviteMember',
  method: 'POST',
  path: '/organization/{organizationId}/inviteMember',
  tag: tags.members,
  summary: 'Invite someone, by email, to join with a role (owner, admin)',
  security: ['apiToken', 'session'],
  params: OrganizationParams,
  body: InviteMemberRequest,
  success: { status: 201, description: 'The invitation, with the link to share', schema: InviteMember },
  errors: [404, 409],
})

export const getMemberInvitation = defineOperation({
  operationId: 'getMemberInvitation',
  method: 'GET',
  path: '/organization/{organizationId}/inviteMember/{inviteId}',
  tag: tags.members,
  summary: 'One invitation, for the invited user (signed in with that email) or a member manager',
  security: ['apiToken', 'session'],
  params: InvitationParams,
  success: { status: 200, description: 'The invitation', schema: InviteMember },
  errors: [404],
})

export const postAcceptInviteMember = defineOperation({
  operationId: 'postAcceptInviteMember',
  method: 'POST',
  path: '/organization/{organizationId}/inviteMember/{inviteId}',
  tag: tags.members,
  summary: 'Accept an invitation: the signed-in user, whose email it names, joins with its role',
  security: ['session'],
  params: InvitationParams,
  success: { status: 201, description: 'The invitation, now accepted', schema: InviteMember },
  errors: [404, 409],
})

export const deleteInviteMember = defineOperation({
  operationId: 'deleteInviteMember',
  method: 'DELETE',
  path: '/organization/{organizationId}/inviteMember/{inviteId}',
  tag: tags.members,
  summary: 'Withdraw a pending invitation (owner, admin)',
  security: ['apiToken', 'session'],
  params: InvitationParams,
  success: { status: 204, description: 'Withdrawn' },
  errors: [404],
})
