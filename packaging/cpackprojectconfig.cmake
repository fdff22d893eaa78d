# Read by cpack once per generator. The .tar.gz is installed through DESTDIR so that files with
# an absolute destination (/etc/herder/herder.ini) are kept, under the same /usr prefix as the .debs.
if(CPACK_GENERATOR STREQUAL "TGZ")
  set(CPACK_SET_DESTDIR ON)
  set(CPACK_INSTALL_PREFIX /usr)
endif()
