// Package auth owns who may use Gongkai and what each of them may do: users
// and their passwords, logins with lockout and throttling, sessions, TOTP,
// API tokens, first-run setup and the permission policy (Can).
//
// Domain functions here take an audit.Actor and record every change in the
// audit log in the same transaction; they do not check permissions
// themselves. The caller (web, CLI) asks Can first, with the Subject of the
// person acting.
package auth

import (
	"fmt"
	"strings"
)

// Role is what a user is allowed to do; each user has exactly one.
type Role string

const (
	RoleSystemAdmin    Role = "system_admin"    // 系统管理员
	RoleSecurityAdmin  Role = "security_admin"  // 安全保密管理员
	RoleAuditAdmin     Role = "audit_admin"     // 审计管理员
	RoleOpennessOffice Role = "openness_office" // 政务公开办
	RoleUnitAdmin      Role = "unit_admin"      // 单位管理员
	RoleEditor         Role = "editor"          // 信息员
	RoleReviewer       Role = "reviewer"        // 审核员
	RoleRequestHandler Role = "request_handler" // 依申请公开经办人
)

var roleLabels = map[Role]string{
	RoleSystemAdmin:    "系统管理员",
	RoleSecurityAdmin:  "安全保密管理员",
	RoleAuditAdmin:     "审计管理员",
	RoleOpennessOffice: "政务公开办",
	RoleUnitAdmin:      "单位管理员",
	RoleEditor:         "信息员",
	RoleReviewer:       "审核员",
	RoleRequestHandler: "依申请公开经办人",
}

// Roles lists every role, administrators first.
func Roles() []Role {
	return []Role{
		RoleSystemAdmin, RoleSecurityAdmin, RoleAuditAdmin, RoleOpennessOffice,
		RoleUnitAdmin, RoleEditor, RoleReviewer, RoleRequestHandler,
	}
}

// Label is the role's Chinese name, or the raw code for an unknown role.
func (r Role) Label() string {
	if l, ok := roleLabels[r]; ok {
		return l
	}
	return string(r)
}

// Valid reports whether r is one of Roles().
func (r Role) Valid() bool {
	_, ok := roleLabels[r]
	return ok
}

// IsAdmin reports whether r is one of the three separated administrator
// roles of 等保 (三员: system, security, audit).
func (r Role) IsAdmin() bool {
	return r == RoleSystemAdmin || r == RoleSecurityAdmin || r == RoleAuditAdmin
}

// ParseRole accepts a role code ("editor") or its Chinese label ("信息员").
func ParseRole(s string) (Role, error) {
	s = strings.TrimSpace(s)
	for _, r := range Roles() {
		if strings.EqualFold(s, string(r)) || s == r.Label() {
			return r, nil
		}
	}
	return "", fmt.Errorf("auth: unknown role %q", s)
}
