package web

import (
	"net/http"

	"gongkai/internal/valid"
)

// adminAccountPassword changes the user's own password. On success every
// other session of the user ends (whoever else knew the old password is
// out); this one stays.
func (s *Server) adminAccountPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	me := currentUser(r)
	oldPw, newPw := r.PostFormValue("old_password"), r.PostFormValue("password")
	if newPw != r.PostFormValue("password2") {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountPage{ErrorsFor: "password"}, nil,
			valid.New("password2", "两次输入的新密码不一致").(*valid.Errors))
		return
	}
	err := s.auth.ChangePassword(ctx, s.actor(r), me.ID, oldPw, newPw)
	if ve, ok := asValid(err); ok {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, accountPage{ErrorsFor: "password"}, nil, ve)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	n, err := s.auth.DeleteOtherSessions(ctx, s.actor(r), me.ID, info(r).token)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "密码已修改。"
	if n > 0 {
		msg += "您在其他设备上的登录已全部退出。"
	}
	s.redirect(w, r, "/admin/account", msg)
}
