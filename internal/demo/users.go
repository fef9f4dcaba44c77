package demo

import (
	"fmt"
	"math/rand/v2"

	"gongkai/internal/auth"
)

// Surnames, roughly by frequency, and characters for given names. Names are
// drawn from these, so they are plausible but belong to nobody in particular.
var (
	surnames = []string{
		"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
		"郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
		"余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
	}
	givenChars = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红梅志宏海燕晓东丹文斌鹏辉飞鑫宇浩然欣怡佳琪子涵" +
		"思远俊峰雪婷慧颖云帆振国立新春生晨曦瑞雅嘉诚天佑凯旋若彤雨萱一鸣书瑶昊阳梓轩晋波德润永清淑贞卫东小龙")
)

// personName draws a Chinese name not in used.
func personName(r *rand.Rand, used map[string]bool) string {
	for {
		name := surnames[r.IntN(len(surnames))]
		n := 2
		if r.IntN(10) < 3 {
			n = 1
		}
		for range n {
			name += string(givenChars[r.IntN(len(givenChars))])
		}
		if !used[name] {
			used[name] = true
			return name
		}
	}
}

func pick(r *rand.Rand, from []string) string { return from[r.IntN(len(from))] }

// pickTwo draws two different elements.
func pickTwo(r *rand.Rand, from []string) (string, string) {
	i := r.IntN(len(from))
	j := r.IntN(len(from) - 1)
	if j >= i {
		j++
	}
	return from[i], from[j]
}

// account is a demo user to create.
type account struct {
	login string
	role  auth.Role
	unit  string // unit code
}

// fullStaffUnits get one account of every unit role, with these login
// prefixes; every other department, township and school gets an editor.
var fullStaffUnits = []struct{ prefix, unit string }{
	{"edu", codeEducation},
	{"mz", codeCivil},
	{"qs", codeQingshi},
}

// accounts lists the demo users in a fixed order.
func accounts() []account {
	out := []account{
		{"admin", auth.RoleSystemAdmin, codeGov},
		{"security", auth.RoleSecurityAdmin, codeGov},
		{"auditor", auth.RoleAuditAdmin, codeGov},
		{"gkb", auth.RoleOpennessOffice, codeGovOffice},
	}
	full := map[string]bool{}
	for _, f := range fullStaffUnits {
		full[f.unit] = true
		out = append(out,
			account{f.prefix + ".admin", auth.RoleUnitAdmin, f.unit},
			account{f.prefix + ".editor", auth.RoleEditor, f.unit},
			account{f.prefix + ".reviewer", auth.RoleReviewer, f.unit},
			account{f.prefix + ".handler", auth.RoleRequestHandler, f.unit},
		)
	}
	// The county government's own documents and requests are handled by its office.
	out = append(out,
		account{"zfb.editor", auth.RoleEditor, codeGovOffice},
		account{"zfb.reviewer", auth.RoleReviewer, codeGovOffice},
		account{"zfb.handler", auth.RoleRequestHandler, codeGovOffice},
	)
	for _, du := range countyUnits {
		if du.slug == "" || full[du.code] || du.code == codeGov || du.code == codeGovOffice {
			continue
		}
		out = append(out, account{du.slug + ".editor", auth.RoleEditor, du.code})
	}
	return out
}

// loadUsers creates the demo accounts, all with Password.
func loadUsers(e *Env) error {
	used := map[string]bool{}
	for _, a := range accounts() {
		u, ok := e.ByCode[a.unit]
		if !ok {
			return fmt.Errorf("user %s: unit %s was not created", a.login, a.unit)
		}
		name := personName(e.Rand, used)
		if _, err := e.Auth.CreateUser(e.Ctx, actor, auth.NewUser{
			Login: a.login, Name: name, UnitID: u.ID, Role: a.role,
			Email: a.login + "@" + mailDomain, Phone: u.Phone, Password: Password,
		}); err != nil {
			return fmt.Errorf("user %s: %w", a.login, err)
		}
		e.Logins = append(e.Logins, Login{Login: a.login, Name: name, Role: string(a.role), UnitName: u.Name})
	}
	e.Printf("用户：已创建 %d 个，密码均为 %s (users: %d created, all with this password)", len(e.Logins), Password, len(e.Logins))
	return nil
}
