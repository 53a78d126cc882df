"""``{% cadre_performance cadre %}``: the cadre's balanced-scorecard results beside the annual assessment on the
cadre's page (read-only, an input for the grade, never the grade). The cadre's page is already in the reader's
scope; the lines shown are the cadre's own."""

from django import template

from zugong.performance.selectors import cadre_results

register = template.Library()


@register.inclusion_tag("performance/_cadre_year.html")
def cadre_performance(cadre) -> dict:
    return {"results": cadre_results(cadre)}
