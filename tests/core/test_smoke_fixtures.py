from app.core.domain import Status
from app.core.services.articles import ArticleQuery
from tests.conftest import actor


def test_demo_newsroom_loads(demo):
    chief = actor(demo, "zongbian")
    page = demo.articles.list(chief, ArticleQuery(statuses=[Status.PUBLISHED]))
    titles = {r.title for r in page.rows}
    assert "“群众找服务”变“社区送服务” 安宁倾力打造社区居民温馨家园" in titles
    assert page.total == 4  # the withdrawn one was published once
    assert demo.audit.verify().ok
