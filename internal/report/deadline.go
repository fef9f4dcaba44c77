package report

import (
	"gongkai/internal/civil"
	"gongkai/internal/org"
)

// Deadline is the day by which a unit of type t publishes its annual
// report for year, and the rule it follows. Regulation Art. 49 (国务院令
// 第711号): departments of governments at county level and above publish
// last year's report "在每年1月31日前"; the report of a government at
// county level and above is published "在每年3月31日前". Townships and
// street offices are not named there: their dates are set locally, and
// until a county sets its own they are reminded of 31 January, as the
// departments. Communities, villages and schools publish no such report
// (ok false).
func Deadline(t org.Type, year int) (day civil.Date, rule string, ok bool) {
	switch t {
	case org.TypeCountyGovernment:
		return civil.D(year+1, 3, 31), "《中华人民共和国政府信息公开条例》第四十九条：县级以上人民政府的年度报告在每年 3 月 31 日前公布", true
	case org.TypeDepartment, org.TypeOther:
		return civil.D(year+1, 1, 31), "《中华人民共和国政府信息公开条例》第四十九条：县级以上人民政府部门的年度报告在每年 1 月 31 日前公布", true
	case org.TypeTownship, org.TypeStreet:
		return civil.D(year+1, 1, 31), "乡镇、街道的公布期限由各地规定，本平台按 1 月 31 日提醒（参照《中华人民共和国政府信息公开条例》第四十九条对政府部门的规定）", true
	}
	return civil.Date{}, "", false
}
