package web

import (
	"net/http"
	"strconv"

	"gongkai/internal/auth"
	"gongkai/internal/request"
	"gongkai/internal/valid"
)

// adminRequestFee records a fee notice (国办函〔2020〕109号): per item by the
// application's rank in the applicant's month, or per volume by pages. The
// amount is computed unless the handler enters it; the clock stops until
// payment.
func (s *Server) adminRequestFee(w http.ResponseWriter, r *http.Request) {
	a, unit, ok := s.loadAdminRequest(w, r, auth.ActRequestHandle)
	if !ok {
		return
	}
	form := trimForm(r)
	e := &valid.Errors{}
	method := request.FeeMethod(form.Get("method"))
	pages := 0
	switch method {
	case request.FeePerItem:
	case request.FeePerVolume:
		pages = formInt(form, "pages", "页数", e)
		if !e.Has("pages") && pages < 1 {
			e.Add("pages", "页数应为正整数")
		}
	default:
		e.Add("method", "请选择计费方式")
	}
	on := formDate(form, "on", "申请人收到通知的日期", true, e)
	var amount int64
	if v := form.Get("amount"); v != "" {
		c, ok := yuanToCents(v)
		if !ok {
			e.Add("amount", "金额应为以元为单位的数字，最多两位小数，例如 100 或 12.50")
		}
		amount = c
	}
	if s.adminReqInvalid(w, r, a, unit, form, e, "fee") {
		return
	}
	if form.Get("amount") == "" {
		rank, err := s.reqs.MonthRank(r.Context(), a.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		amount = request.Fee(method, rank, pages)
	}
	if amount <= 0 {
		e.Add("amount", "按规定本申请不收费（金额为 0），无需发出收费通知")
		s.renderRequest(w, r, http.StatusUnprocessableEntity, a, unit, form, e, "fee")
		return
	}
	note := form.Get("note")
	if method == request.FeePerVolume {
		note = "共 " + strconv.Itoa(pages) + " 页。" + note
	}
	_, err := s.reqs.NotifyFee(r.Context(), s.actor(r), a.ID, reqFormVersion(r), method, amount, on, note)
	if s.adminReqRefused(w, r, a, unit, form, err, "fee") {
		return
	}
	s.redirect(w, r, adminReqURL(a.ID), "已记录收费通知（"+centsText(amount)+" 元），答复期限停止计算，缴费后继续。")
}
