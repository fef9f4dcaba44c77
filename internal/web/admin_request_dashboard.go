package web

import (
	"net/http"

	"gongkai/internal/auth"
	"gongkai/internal/request"
)

// dashRequests is the dashboard's block on disclosure on request: the
// user's reminders and the counts of open, overdue and own applications.
type dashRequests struct {
	Reminders      []request.Reminder
	Open, Overdue  int
	Mine, MineLate int
	CanHandle      bool
	ReminderReturn string
	CSRF           string // for the dismiss buttons (the block is its own template)
}

// dashRequests fills the block for users who may see applications (nil
// for the others).
func (s *Server) dashRequests(r *http.Request) (*dashRequests, error) {
	if !s.mayViewRequests(r) {
		return nil, nil
	}
	ctx := r.Context()
	me := currentUser(r)
	d := &dashRequests{CanHandle: s.can(r, auth.ActRequestHandle, me), ReminderReturn: "/admin/", CSRF: info(r).csrf}
	var err error
	if d.Reminders, err = s.reqs.Reminders(ctx, me.ID, s.reminderPath(r)); err != nil {
		return nil, err
	}
	scope := s.scopePath(r, auth.ActRequestView)
	count := func(f request.Filter) (int, error) {
		f.PerPage, f.Page = 1, 1
		_, n, err := s.reqs.List(ctx, f)
		return n, err
	}
	if d.Open, err = count(request.Filter{UnderPath: scope, Open: true}); err != nil {
		return nil, err
	}
	if d.Overdue, err = count(request.Filter{UnderPath: scope, Overdue: true}); err != nil {
		return nil, err
	}
	if d.CanHandle {
		if d.Mine, err = count(request.Filter{UnderPath: scope, Open: true, HandlerID: me.ID}); err != nil {
			return nil, err
		}
		if d.MineLate, err = count(request.Filter{UnderPath: scope, Overdue: true, HandlerID: me.ID}); err != nil {
			return nil, err
		}
	}
	return d, nil
}
