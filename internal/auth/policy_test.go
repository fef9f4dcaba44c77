package auth

import (
	"testing"
)

// TestCanMatrix writes out, for every role and every action, whether the
// subject (acting for unit /1/2/) may act on its own unit, a child unit
// /1/2/5/, and a unit in another branch /1/3/. "Y" = allowed, "N" = refused,
// in that order. The expectations are written by hand, not derived from the
// policy table.
func TestCanMatrix(t *testing.T) {
	own := UnitRef{ID: 2, Path: "/1/2/"}
	child := UnitRef{ID: 5, Path: "/1/2/5/"}
	other := UnitRef{ID: 3, Path: "/1/3/"}

	want := map[Role]map[Action]string{
		RoleSystemAdmin: {
			ActUnitView: "YYY", ActUnitCreate: "YYY", ActUnitEdit: "YYY", ActUnitMove: "YYY", ActUnitDeactivate: "YYY",
			ActUserView: "YYY", ActUserCreate: "YYY", ActUserEdit: "YYY", ActUserResetPassword: "NNN", ActUserUnlock: "NNN",
			ActUserDeactivate: "YYY", ActUserRevokeSessions: "NNN",
			ActAuditView: "NNN", ActAuditExport: "NNN", ActSecuritySettings: "NNN",
			ActCatalogEdit: "NNN", ActDocumentView: "NNN", ActDocumentEdit: "NNN", ActDocumentReview: "NNN", ActDocumentPublish: "NNN", ActDocumentWithdraw: "NNN", ActDocumentImport: "NNN",
			ActRequestView: "NNN", ActRequestHandle: "NNN", ActRequestApprove: "NNN", ActRequestImport: "NNN", ActCalendarEdit: "YYY", ActReportView: "NNN", ActReportEdit: "NNN",
		},
		RoleSecurityAdmin: {
			ActUnitView: "YYY", ActUnitCreate: "NNN", ActUnitEdit: "NNN", ActUnitMove: "NNN", ActUnitDeactivate: "NNN",
			ActUserView: "YYY", ActUserCreate: "NNN", ActUserEdit: "NNN", ActUserResetPassword: "YYY", ActUserUnlock: "YYY",
			ActUserDeactivate: "NNN", ActUserRevokeSessions: "YYY",
			ActAuditView: "NNN", ActAuditExport: "NNN", ActSecuritySettings: "YYY",
			ActCatalogEdit: "NNN", ActDocumentView: "NNN", ActDocumentEdit: "NNN", ActDocumentReview: "NNN", ActDocumentPublish: "NNN", ActDocumentWithdraw: "NNN", ActDocumentImport: "NNN",
			ActRequestView: "NNN", ActRequestHandle: "NNN", ActRequestApprove: "NNN", ActRequestImport: "NNN", ActCalendarEdit: "NNN", ActReportView: "NNN", ActReportEdit: "NNN",
		},
		RoleAuditAdmin: {
			ActUnitView: "YYY", ActUnitCreate: "NNN", ActUnitEdit: "NNN", ActUnitMove: "NNN", ActUnitDeactivate: "NNN",
			ActUserView: "NNN", ActUserCreate: "NNN", ActUserEdit: "NNN", ActUserResetPassword: "NNN", ActUserUnlock: "NNN",
			ActUserDeactivate: "NNN", ActUserRevokeSessions: "NNN",
			ActAuditView: "YYY", ActAuditExport: "YYY", ActSecuritySettings: "NNN",
			ActCatalogEdit: "NNN", ActDocumentView: "NNN", ActDocumentEdit: "NNN", ActDocumentReview: "NNN", ActDocumentPublish: "NNN", ActDocumentWithdraw: "NNN", ActDocumentImport: "NNN",
			ActRequestView: "NNN", ActRequestHandle: "NNN", ActRequestApprove: "NNN", ActRequestImport: "NNN", ActCalendarEdit: "NNN", ActReportView: "NNN", ActReportEdit: "NNN",
		},
		RoleOpennessOffice: {
			ActUnitView: "YYY", ActUnitCreate: "NNN", ActUnitEdit: "NNN", ActUnitMove: "NNN", ActUnitDeactivate: "NNN",
			ActUserView: "YYY", ActUserCreate: "NNN", ActUserEdit: "NNN", ActUserResetPassword: "NNN", ActUserUnlock: "NNN",
			ActUserDeactivate: "NNN", ActUserRevokeSessions: "NNN",
			ActAuditView: "NNN", ActAuditExport: "NNN", ActSecuritySettings: "NNN",
			ActCatalogEdit: "YYY", ActDocumentView: "YYY", ActDocumentEdit: "NNN", ActDocumentReview: "NNN", ActDocumentPublish: "NNN", ActDocumentWithdraw: "NNN", ActDocumentImport: "YYY",
			ActRequestView: "YYY", ActRequestHandle: "NNN", ActRequestApprove: "YYY", ActRequestImport: "YYY", ActCalendarEdit: "NNN", ActReportView: "YYY", ActReportEdit: "YYY",
		},
		RoleUnitAdmin: {
			ActUnitView: "YYN", ActUnitCreate: "YYN", ActUnitEdit: "YYN", ActUnitMove: "NYN", ActUnitDeactivate: "NYN",
			ActUserView: "YYN", ActUserCreate: "YYN", ActUserEdit: "YYN", ActUserResetPassword: "YYN", ActUserUnlock: "YYN",
			ActUserDeactivate: "YYN", ActUserRevokeSessions: "YYN",
			ActAuditView: "NNN", ActAuditExport: "NNN", ActSecuritySettings: "NNN",
			ActCatalogEdit: "YYN", ActDocumentView: "YYN", ActDocumentEdit: "YYN", ActDocumentReview: "YYN", ActDocumentPublish: "YYN", ActDocumentWithdraw: "YYN", ActDocumentImport: "YYN",
			ActRequestView: "YYN", ActRequestHandle: "NNN", ActRequestApprove: "YYN", ActRequestImport: "YYN", ActCalendarEdit: "NNN", ActReportView: "YYN", ActReportEdit: "YYN",
		},
		RoleEditor: {
			ActUnitView: "YYN", ActUnitCreate: "NNN", ActUnitEdit: "NNN", ActUnitMove: "NNN", ActUnitDeactivate: "NNN",
			ActUserView: "NNN", ActUserCreate: "NNN", ActUserEdit: "NNN", ActUserResetPassword: "NNN", ActUserUnlock: "NNN",
			ActUserDeactivate: "NNN", ActUserRevokeSessions: "NNN",
			ActAuditView: "NNN", ActAuditExport: "NNN", ActSecuritySettings: "NNN",
			ActCatalogEdit: "NNN", ActDocumentView: "YYN", ActDocumentEdit: "YYN", ActDocumentReview: "NNN", ActDocumentPublish: "NNN", ActDocumentWithdraw: "NNN", ActDocumentImport: "NNN",
			ActRequestView: "NNN", ActRequestHandle: "NNN", ActRequestApprove: "NNN", ActRequestImport: "NNN", ActCalendarEdit: "NNN", ActReportView: "YYN", ActReportEdit: "YYN",
		},
		RoleReviewer: {
			ActUnitView: "YYN", ActUnitCreate: "NNN", ActUnitEdit: "NNN", ActUnitMove: "NNN", ActUnitDeactivate: "NNN",
			ActUserView: "NNN", ActUserCreate: "NNN", ActUserEdit: "NNN", ActUserResetPassword: "NNN", ActUserUnlock: "NNN",
			ActUserDeactivate: "NNN", ActUserRevokeSessions: "NNN",
			ActAuditView: "NNN", ActAuditExport: "NNN", ActSecuritySettings: "NNN",
			ActCatalogEdit: "NNN", ActDocumentView: "YYN", ActDocumentEdit: "NNN", ActDocumentReview: "YYN", ActDocumentPublish: "YYN", ActDocumentWithdraw: "YYN", ActDocumentImport: "NNN",
			ActRequestView: "NNN", ActRequestHandle: "NNN", ActRequestApprove: "NNN", ActRequestImport: "NNN", ActCalendarEdit: "NNN", ActReportView: "YYN", ActReportEdit: "NNN",
		},
		RoleRequestHandler: {
			ActUnitView: "YYN", ActUnitCreate: "NNN", ActUnitEdit: "NNN", ActUnitMove: "NNN", ActUnitDeactivate: "NNN",
			ActUserView: "NNN", ActUserCreate: "NNN", ActUserEdit: "NNN", ActUserResetPassword: "NNN", ActUserUnlock: "NNN",
			ActUserDeactivate: "NNN", ActUserRevokeSessions: "NNN",
			ActAuditView: "NNN", ActAuditExport: "NNN", ActSecuritySettings: "NNN",
			ActCatalogEdit: "NNN", ActDocumentView: "NNN", ActDocumentEdit: "NNN", ActDocumentReview: "NNN", ActDocumentPublish: "NNN", ActDocumentWithdraw: "NNN", ActDocumentImport: "NNN",
			ActRequestView: "YYN", ActRequestHandle: "YYN", ActRequestApprove: "NNN", ActRequestImport: "YYN", ActCalendarEdit: "NNN", ActReportView: "YYN", ActReportEdit: "NNN",
		},
	}

	if len(want) != len(Roles()) {
		t.Fatalf("matrix covers %d roles, want %d", len(want), len(Roles()))
	}
	targets := []struct {
		name string
		u    UnitRef
	}{{"own", own}, {"child", child}, {"other", other}}
	for _, r := range Roles() {
		row, ok := want[r]
		if !ok {
			t.Fatalf("role %s missing from the matrix", r)
		}
		if len(row) != len(Actions()) {
			t.Fatalf("role %s: matrix covers %d actions, want %d", r, len(row), len(Actions()))
		}
		s := Subject{UserID: 7, Role: r, Unit: own}
		for _, a := range Actions() {
			exp, ok := row[a]
			if !ok || len(exp) != 3 {
				t.Fatalf("role %s action %s: bad or missing expectation %q", r, a, exp)
			}
			for i, tg := range targets {
				if got, w := Can(s, a, tg.u), exp[i] == 'Y'; got != w {
					t.Errorf("Can(%s, %s, %s unit) = %v, want %v", r, a, tg.name, got, w)
				}
			}
		}
	}
}

func TestCanEdgeCases(t *testing.T) {
	own := UnitRef{ID: 2, Path: "/1/2/"}
	for _, a := range Actions() {
		if Can(Subject{}, a, own) {
			t.Errorf("zero subject may %s", a)
		}
		if Can(Subject{Role: RoleSystemAdmin, Unit: own}, a, own) {
			t.Errorf("subject without user id may %s", a)
		}
		if Can(Subject{UserID: 1, Role: "root", Unit: own}, a, own) {
			t.Errorf("unknown role may %s", a)
		}
	}
	ua := Subject{UserID: 1, Role: RoleUnitAdmin, Unit: own}
	// "/1/23/" starts with "/1/2" but is not under "/1/2/".
	if Can(ua, ActUnitView, UnitRef{ID: 23, Path: "/1/23/"}) {
		t.Error("unit admin of /1/2/ sees /1/23/")
	}
	if !Can(ua, ActUnitDeactivate, UnitRef{ID: 9, Path: "/1/2/5/9/"}) {
		t.Error("unit admin cannot deactivate a grandchild")
	}
	if Can(ua, ActUnitView, UnitRef{ID: 1, Path: "/1/"}) {
		t.Error("unit admin sees its parent")
	}
	if Can(ua, ActUnitView, UnitRef{}) {
		t.Error("unit admin may act on a unit without path")
	}
	if Can(Subject{UserID: 1, Role: RoleEditor}, ActUnitView, own) {
		t.Error("subject without unit sees a unit")
	}
}

func TestCanGrantMatrix(t *testing.T) {
	// Rows: granting role; columns: the role granted, in Roles() order
	// (system, security, audit, openness, unit admin, editor, reviewer, request handler).
	want := map[Role]string{
		RoleSystemAdmin:    "YYYYYYYY",
		RoleSecurityAdmin:  "NNNNNNNN",
		RoleAuditAdmin:     "NNNNNNNN",
		RoleOpennessOffice: "NNNNNNNN",
		RoleUnitAdmin:      "NNNNYYYY",
		RoleEditor:         "NNNNNNNN",
		RoleReviewer:       "NNNNNNNN",
		RoleRequestHandler: "NNNNNNNN",
	}
	for _, g := range Roles() {
		s := Subject{UserID: 1, Role: g, Unit: UnitRef{ID: 1, Path: "/1/"}}
		for i, r := range Roles() {
			if got, w := CanGrant(s, r), want[g][i] == 'Y'; got != w {
				t.Errorf("CanGrant(%s, %s) = %v, want %v", g, r, got, w)
			}
		}
		if CanGrant(s, "root") {
			t.Errorf("%s may grant an unknown role", g)
		}
	}
	for _, r := range Roles() {
		if CanGrant(Subject{}, r) {
			t.Errorf("zero subject may grant %s", r)
		}
	}
}

func TestRoles(t *testing.T) {
	if len(Roles()) != 8 || Roles()[0] != RoleSystemAdmin || Roles()[7] != RoleRequestHandler {
		t.Fatalf("Roles() = %v", Roles())
	}
	admins := 0
	for _, r := range Roles() {
		if r.Label() == string(r) || r.Label() == "" {
			t.Errorf("%s has no label", r)
		}
		for _, in := range []string{string(r), r.Label(), " " + r.Label() + " "} {
			if got, err := ParseRole(in); err != nil || got != r {
				t.Errorf("ParseRole(%q) = %q, %v", in, got, err)
			}
		}
		if r.IsAdmin() {
			admins++
		}
	}
	if admins != 3 || !RoleAuditAdmin.IsAdmin() || RoleOpennessOffice.IsAdmin() {
		t.Errorf("IsAdmin wrong: %d admins", admins)
	}
	if _, err := ParseRole("超级管理员"); err == nil {
		t.Error("ParseRole accepted an unknown role")
	}
	if RoleUnitAdmin.Label() != "单位管理员" || RoleRequestHandler.Label() != "依申请公开经办人" {
		t.Error("labels changed")
	}
}

// TestCanOnUser: acting on a user needs the unit and, for a subtree-limited
// subject, a role it could grant.
func TestCanOnUser(t *testing.T) {
	top := UnitRef{ID: 1, Path: "/1/"}
	dept := UnitRef{ID: 2, Path: "/1/2/"}
	topAdmin := Subject{UserID: 1, Role: RoleUnitAdmin, Unit: top}
	security := Subject{UserID: 2, Role: RoleSecurityAdmin, Unit: top}
	cases := []struct {
		s    Subject
		a    Action
		unit UnitRef
		role Role
		want bool
	}{
		{topAdmin, ActUserResetPassword, top, RoleEditor, true},
		{topAdmin, ActUserResetPassword, top, RoleSystemAdmin, false},
		{topAdmin, ActUserResetPassword, top, RoleSecurityAdmin, false},
		{topAdmin, ActUserDeactivate, dept, RoleOpennessOffice, false},
		{topAdmin, ActUserDeactivate, dept, RoleUnitAdmin, true},
		{security, ActUserResetPassword, top, RoleSystemAdmin, true},
		{security, ActUserEdit, top, RoleEditor, false},
		{Subject{}, ActUserView, top, RoleEditor, false},
	}
	for _, c := range cases {
		if got := CanOnUser(c.s, c.a, c.unit, c.role); got != c.want {
			t.Errorf("CanOnUser(%s, %s, %s, %s) = %v, want %v", c.s.Role, c.a, c.unit.Path, c.role, got, c.want)
		}
	}
}
