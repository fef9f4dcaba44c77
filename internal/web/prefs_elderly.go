package web

import "net/http"

// prefsElderly switches the 适老化 mode (larger text, higher contrast) on or
// off; the choice persists in a cookie for a year. A plain form POST, so it
// works without JavaScript.
func (s *Server) prefsElderly(w http.ResponseWriter, r *http.Request) {
	on := r.PostFormValue("on") == "1"
	c := &http.Cookie{Name: elderlyCookie, Value: "1", Path: "/", MaxAge: 365 * 24 * 3600,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r), HttpOnly: true}
	if !on {
		c.Value, c.MaxAge = "", -1
	}
	http.SetCookie(w, c)
	http.Redirect(w, r, safeReturn(r.PostFormValue("return"), "/"), http.StatusSeeOther)
}
