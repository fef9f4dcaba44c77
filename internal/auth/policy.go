package auth

import "strings"

// Action is something a person may be allowed to do to a unit or to the
// users of a unit. Can decides.
type Action string

const (
	ActUnitView       Action = "unit.view"
	ActUnitCreate     Action = "unit.create" // create a child under the target unit
	ActUnitEdit       Action = "unit.edit"
	ActUnitMove       Action = "unit.move"
	ActUnitDeactivate Action = "unit.deactivate"

	ActUserView           Action = "user.view"
	ActUserCreate         Action = "user.create" // create a user in the target unit
	ActUserEdit           Action = "user.edit"
	ActUserResetPassword  Action = "user.reset_password"
	ActUserUnlock         Action = "user.unlock"
	ActUserDeactivate     Action = "user.deactivate"
	ActUserRevokeSessions Action = "user.revoke_sessions"

	ActAuditView   Action = "audit.view"
	ActAuditExport Action = "audit.export"

	ActSecuritySettings Action = "security.settings"

	// Proactive disclosure (主动公开).
	ActCatalogEdit      Action = "catalog.edit"      // a unit's catalog columns, 公开指南 and 公开制度 pages
	ActDocumentView     Action = "document.view"     // unpublished documents, revisions, review records
	ActDocumentEdit     Action = "document.edit"     // draft, edit, attach, mask findings, submit
	ActDocumentReview   Action = "document.review"   // record the confidentiality review (保密审查)
	ActDocumentPublish  Action = "document.publish"  // approve and publish, or return for changes
	ActDocumentWithdraw Action = "document.withdraw" // withdraw (撤回), mark expired or repealed (失效/废止)
	ActDocumentImport   Action = "document.import"   // import archives as already published

	// Disclosure on request (依申请公开).
	ActRequestView    Action = "request.view"    // the queue, the ledger and applications, personal data masked
	ActRequestHandle  Action = "request.handle"  // register, handle and reply; sees personal data unmasked
	ActRequestApprove Action = "request.approve" // approve an extension (head of the disclosure office, Art. 33)
	ActRequestImport  Action = "request.import"  // import a historic ledger

	// The working-day calendar's overrides (holidays and 调休 of years lunar-go does not know).
	ActCalendarEdit Action = "calendar.edit"

	// Annual report (年度报告) and statistics.
	ActReportView Action = "report.view" // a unit's annual report, its checks and the statistics pages
	ActReportEdit Action = "report.edit" // enter figures, write sections 一/五/六, send the report to review as a 公开年报 document
)

// Actions lists every action.
func Actions() []Action {
	return []Action{
		ActUnitView, ActUnitCreate, ActUnitEdit, ActUnitMove, ActUnitDeactivate,
		ActUserView, ActUserCreate, ActUserEdit, ActUserResetPassword, ActUserUnlock, ActUserDeactivate, ActUserRevokeSessions,
		ActAuditView, ActAuditExport,
		ActSecuritySettings,
		ActCatalogEdit, ActDocumentView, ActDocumentEdit, ActDocumentReview, ActDocumentPublish, ActDocumentWithdraw, ActDocumentImport,
		ActRequestView, ActRequestHandle, ActRequestApprove, ActRequestImport,
		ActCalendarEdit,
		ActReportView, ActReportEdit,
	}
}

// UnitRef identifies a unit and its place in the tree. Path is the
// materialized path of ids, "/1/4/9/" (units.path).
type UnitRef struct {
	ID   int64
	Path string
}

// Within reports whether u is a or lies under a.
func (u UnitRef) Within(a UnitRef) bool {
	return a.Path != "" && u.Path != "" && strings.HasPrefix(u.Path, a.Path)
}

// Subject is the person asking: who, with which role, acting for which unit.
type Subject struct {
	UserID int64
	Role   Role
	Unit   UnitRef
}

// scope says which target units a rule covers, seen from the subject's unit.
type scope int

const (
	anyUnit    scope = iota + 1 // every unit, or no unit at all (audit, settings)
	ownSubtree                  // the subject's unit and everything under it
	belowOwn                    // strictly under the subject's unit
)

// rolePolicy is everything one role may do.
type rolePolicy struct {
	may    map[Action]scope
	grants []Role // roles it may give to a user it creates or edits
}

// policy is the one table of permission rules. An action missing from a
// role's map is refused. The three administrators are separated (三员分立):
// the system admin manages units and accounts, the security admin alone
// resets passwords, unlocks, ends sessions and sets security settings, and
// the audit admin alone reads the audit log.
var policy = map[Role]rolePolicy{
	RoleSystemAdmin: {
		may: map[Action]scope{
			ActUnitView: anyUnit, ActUnitCreate: anyUnit, ActUnitEdit: anyUnit, ActUnitMove: anyUnit, ActUnitDeactivate: anyUnit,
			ActUserView: anyUnit, ActUserCreate: anyUnit, ActUserEdit: anyUnit, ActUserDeactivate: anyUnit,
			ActCalendarEdit: anyUnit,
		},
		grants: Roles(),
	},
	RoleSecurityAdmin: {
		may: map[Action]scope{
			ActUnitView: anyUnit,
			ActUserView: anyUnit, ActUserResetPassword: anyUnit, ActUserUnlock: anyUnit, ActUserRevokeSessions: anyUnit,
			ActSecuritySettings: anyUnit,
		},
	},
	RoleAuditAdmin: {
		may: map[Action]scope{
			ActUnitView:  anyUnit,
			ActAuditView: anyUnit, ActAuditExport: anyUnit,
		},
	},
	RoleOpennessOffice: {
		// County-wide supervision: sees every unit, its staff and its drafts;
		// keeps the standard catalogs and migrates archives; changes no account.
		may: map[Action]scope{ActUnitView: anyUnit, ActUserView: anyUnit,
			ActCatalogEdit: anyUnit, ActDocumentView: anyUnit, ActDocumentImport: anyUnit,
			// Supervises every unit's applications (masked) and approves
			// extensions as the county's disclosure office.
			ActRequestView: anyUnit, ActRequestApprove: anyUnit, ActRequestImport: anyUnit,
			// Compiles the county's annual report and reads every unit's.
			ActReportView: anyUnit, ActReportEdit: anyUnit},
	},
	RoleUnitAdmin: {
		may: map[Action]scope{
			ActUnitView: ownSubtree, ActUnitEdit: ownSubtree, ActUnitCreate: ownSubtree,
			// A unit admin cannot move or close the unit that defines their own reach.
			ActUnitMove: belowOwn, ActUnitDeactivate: belowOwn,
			ActUserView: ownSubtree, ActUserCreate: ownSubtree, ActUserEdit: ownSubtree,
			ActUserResetPassword: ownSubtree, ActUserUnlock: ownSubtree,
			ActUserDeactivate: ownSubtree, ActUserRevokeSessions: ownSubtree,
			ActCatalogEdit: ownSubtree, ActDocumentView: ownSubtree, ActDocumentEdit: ownSubtree,
			ActDocumentReview: ownSubtree, ActDocumentPublish: ownSubtree, ActDocumentWithdraw: ownSubtree,
			ActDocumentImport: ownSubtree,
			// The unit admin heads the unit's disclosure work: sees the queue
			// (masked), approves extensions, imports ledgers; handling is the
			// handler's.
			ActRequestView: ownSubtree, ActRequestApprove: ownSubtree, ActRequestImport: ownSubtree,
			ActReportView: ownSubtree, ActReportEdit: ownSubtree,
		},
		grants: []Role{RoleUnitAdmin, RoleEditor, RoleReviewer, RoleRequestHandler},
	},
	// The editor drafts documents, the annual report among them.
	RoleEditor: {may: map[Action]scope{ActUnitView: ownSubtree,
		ActDocumentView: ownSubtree, ActDocumentEdit: ownSubtree,
		ActReportView: ownSubtree, ActReportEdit: ownSubtree}},
	// The reviewer does the confidentiality review and the approval (Regulation
	// Art. 17); the workflow keeps the drafter from approving their own draft.
	RoleReviewer: {may: map[Action]scope{ActUnitView: ownSubtree,
		ActDocumentView: ownSubtree, ActDocumentReview: ownSubtree, ActDocumentPublish: ownSubtree, ActDocumentWithdraw: ownSubtree,
		ActReportView: ownSubtree}},
	// The handler registers, handles and replies to applications of their
	// unit and the units below, and alone sees applicants' personal data.
	RoleRequestHandler: {may: map[Action]scope{ActUnitView: ownSubtree,
		ActRequestView: ownSubtree, ActRequestHandle: ownSubtree, ActRequestImport: ownSubtree,
		ActReportView: ownSubtree}},
}

// Can is the policy: whether s may do a to target. Every permission check
// in the program goes through it. For actions that concern no unit (audit.*,
// security.settings) target is ignored.
func Can(s Subject, a Action, target UnitRef) bool {
	if s.UserID == 0 {
		return false
	}
	p, ok := policy[s.Role]
	if !ok {
		return false
	}
	switch p.may[a] {
	case anyUnit:
		return true
	case ownSubtree:
		return target.Within(s.Unit)
	case belowOwn:
		return target.Within(s.Unit) && target.Path != s.Unit.Path
	}
	return false
}

// CanOnUser is Can for an action on another user, where the target's role
// matters as well as its unit: a subject whose reach is a subtree may act
// only on users holding a role it could grant. Otherwise the unit admin of
// the county's top unit could reset the password of the system
// administrator who sits in that same unit.
func CanOnUser(s Subject, a Action, targetUnit UnitRef, targetRole Role) bool {
	if !Can(s, a, targetUnit) {
		return false
	}
	return policy[s.Role].may[a] == anyUnit || CanGrant(s, targetRole)
}

// CanGrant reports whether s may create or edit a user so that it holds role
// r. Callers check it in addition to Can(ActUserCreate/ActUserEdit, unit).
func CanGrant(s Subject, r Role) bool {
	if s.UserID == 0 {
		return false
	}
	for _, g := range policy[s.Role].grants {
		if g == r {
			return true
		}
	}
	return false
}
