package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
)

// adminUserResetPassword gives a user a temporary password, shown once in
// this response. auth also ends the user's sessions and unlocks the
// account; the user must choose a new password at the next login.
func (s *Server) adminUserResetPassword(w http.ResponseWriter, r *http.Request) {
	u, ok := s.loadUser(w, r)
	if !ok {
		return
	}
	if !s.canManage(r, auth.ActUserResetPassword, u) {
		s.forbidden(w, r)
		return
	}
	if u.ID == currentUser(r).ID {
		s.errorPage(w, r, http.StatusForbidden, "不能重置自己的密码，请在“我的账户”中修改密码。")
		return
	}
	pw, err := s.auth.ResetPassword(r.Context(), s.actor(r), u.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, "密码已重置")
	p.Section = "users"
	p.Data = secretPage{
		Heading: "密码已重置", Intro: "已为 " + u.Name + "（登录名 " + u.Login + "）设置临时密码，原密码失效，该用户已在所有设备上退出登录，锁定已解除。",
		Label: "临时密码", Secret: pw,
		Warning: "临时密码只显示这一次，离开本页后无法再查看。请核实本人身份后，通过当面或电话等安全方式告知，不要通过短信、微信或邮件发送。本人下次登录时须立即修改密码。",
		Back:    "返回用户详情", BackTo: "/admin/users/" + strconv.FormatInt(u.ID, 10),
	}
	s.render(w, r, http.StatusOK, "admin_secret", p)
}
