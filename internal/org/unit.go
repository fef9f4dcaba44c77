// Package org keeps the units (单位) of a deployment and their tree: the
// county government, its departments, townships and street offices,
// communities and villages, schools.
package org

import (
	"fmt"
	"strings"
	"time"
)

// Type is a kind of unit; it decides the catalog template a unit gets.
type Type string

const (
	TypeCountyGovernment Type = "county_government" // 县（区）人民政府
	TypeDepartment       Type = "department"        // 政府部门
	TypeTownship         Type = "township"          // 乡镇
	TypeStreet           Type = "street"            // 街道办事处
	TypeCommunity        Type = "community"         // 社区
	TypeVillage          Type = "village"           // 村
	TypeSchool           Type = "school"            // 学校
	TypeOther            Type = "other"             // 其他
)

var typeLabels = []struct {
	t     Type
	label string
}{
	{TypeCountyGovernment, "县（区）人民政府"},
	{TypeDepartment, "政府部门"},
	{TypeTownship, "乡镇"},
	{TypeStreet, "街道"},
	{TypeCommunity, "社区"},
	{TypeVillage, "村"},
	{TypeSchool, "学校"},
	{TypeOther, "其他"},
}

// Types lists every unit type in display order.
func Types() []Type {
	out := make([]Type, len(typeLabels))
	for i, tl := range typeLabels {
		out[i] = tl.t
	}
	return out
}

// Label is the type's Chinese name.
func (t Type) Label() string {
	for _, tl := range typeLabels {
		if tl.t == t {
			return tl.label
		}
	}
	return string(t)
}

// ParseType accepts a type code ("department") or its Chinese name ("政府部门",
// also the short forms "部门", "人民政府", "街道办事处").
func ParseType(s string) (Type, error) {
	s = strings.TrimSpace(s)
	for _, tl := range typeLabels {
		if strings.EqualFold(s, string(tl.t)) || s == tl.label {
			return tl.t, nil
		}
	}
	switch s {
	case "部门":
		return TypeDepartment, nil
	case "人民政府", "县人民政府", "区人民政府", "县政府":
		return TypeCountyGovernment, nil
	case "街道办事处", "街道办":
		return TypeStreet, nil
	case "镇", "乡":
		return TypeTownship, nil
	case "村委会", "村民委员会":
		return TypeVillage, nil
	case "社区居委会", "居民委员会":
		return TypeCommunity, nil
	}
	return "", fmt.Errorf("unknown unit type %q", s)
}

// Unit is one unit of the deployment.
type Unit struct {
	ID          int64     `json:"id"`
	Code        string    `json:"code"`
	Name        string    `json:"name"`
	Type        Type      `json:"type"`
	ParentID    int64     `json:"parent_id,omitempty"`
	ParentCode  string    `json:"parent"`
	Path        string    `json:"-"` // "/1/4/9/": ids from the root down
	SortOrder   int       `json:"sort_order"`
	Address     string    `json:"address"`
	Phone       string    `json:"phone"`
	Email       string    `json:"email"`
	OfficeHours string    `json:"office_hours"`
	Website     string    `json:"website"`
	Description string    `json:"description"`
	Active      bool      `json:"active"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Depth is 0 for a root unit, 1 for its children, and so on.
func (u Unit) Depth() int { return strings.Count(u.Path, "/") - 2 }

// Within reports whether u is anc or lies below it.
func (u Unit) Within(anc Unit) bool { return anc.Path != "" && strings.HasPrefix(u.Path, anc.Path) }

// TypeLabel is the Chinese name of the unit's type (for templates).
func (u Unit) TypeLabel() string { return u.Type.Label() }

func (u Unit) fields() map[string]string {
	return map[string]string{
		"name": u.Name, "type": string(u.Type), "parent": u.ParentCode, "sort_order": fmt.Sprint(u.SortOrder),
		"address": u.Address, "phone": u.Phone, "email": u.Email, "office_hours": u.OfficeHours,
		"website": u.Website, "description": u.Description, "active": fmt.Sprint(u.Active),
	}
}
