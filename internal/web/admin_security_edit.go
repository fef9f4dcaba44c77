package web

import (
	"net/http"

	"gongkai/internal/auth"
)

// securityPage is what admin_security.html shows.
type securityPage struct {
	TOTPRequired                   bool
	MeWithoutTOTP                  bool
	LockoutThreshold, IPThreshold  int
	LockoutWindow, LockoutDuration string
	IPWindow, IPLockout            string
	SessionIdle, SessionAbsolute   string
}

// adminSecurityView shows the security settings: whether the three
// administrators must use TOTP (the one setting that can be changed here),
// and the password, lockout and session rules, which are set in the
// server's configuration.
func (s *Server) adminSecurityView(w http.ResponseWriter, r *http.Request) {
	if !s.countyWide(r, auth.ActSecuritySettings) {
		s.forbidden(w, r)
		return
	}
	on, err := s.auth.TOTPRequiredForAdmins(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	c := s.authSettings()
	p := s.page(r, "安全设置")
	p.Section = "security"
	p.Data = securityPage{
		TOTPRequired: on, MeWithoutTOTP: !currentUser(r).TOTPEnabled,
		LockoutThreshold: c.LockoutThreshold, LockoutWindow: minutes(c.LockoutWindow), LockoutDuration: minutes(c.LockoutDuration),
		IPThreshold: c.IPThreshold, IPWindow: minutes(c.IPWindow), IPLockout: minutes(c.IPLockout),
		SessionIdle: minutes(c.SessionIdle), SessionAbsolute: minutes(c.SessionAbsolute),
	}
	s.render(w, r, http.StatusOK, "admin_security", p)
}

// adminSecurityEdit turns the TOTP requirement for administrators on or
// off. Administrators without TOTP are then sent to enrol before anything
// else, the security admin who switched it on included.
func (s *Server) adminSecurityEdit(w http.ResponseWriter, r *http.Request) {
	if !s.countyWide(r, auth.ActSecuritySettings) {
		s.forbidden(w, r)
		return
	}
	on := checked(r.PostFormValue("totp_required"))
	if err := s.auth.SetTOTPRequiredForAdmins(r.Context(), s.actor(r), on); err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "已关闭“管理员账户必须启用两步验证”。"
	if on {
		msg = "已开启“管理员账户必须启用两步验证”：尚未启用的管理员下次操作时须先完成绑定。"
	}
	s.redirect(w, r, "/admin/security", msg)
}
