import pytest

from navigator.search.service import SearchIndex


@pytest.fixture(scope="session")
def open_index(search_index_dir):
    return SearchIndex(search_index_dir).get()
