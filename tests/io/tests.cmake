geoevent_add_test_module(io SOURCES io/article_reader_test.cpp io/input_walker_test.cpp io/json_in_place_test.cpp io/article_json_fast_test.cpp)
